"""``poolgov register show|update|import`` against a real database: audited, announced, all or
none; and declared conflicts of interest taking a member out of a count."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from bot.cli.app import app
from bot.slack.result_blocks import result_message
from governance.charter import MotionKind
from governance.commands import CloseMotion, DeclareConflict, InitialisePool, OpenMotion
from governance.conflicts import ConflictAlreadyDeclared, RecusedByDeclaration
from governance.errors import NotAuthorised, NotInElectorate, PayloadInvalid
from governance.events import MotionClosed
from governance.kinds import General
from governance.services import close_motion, initialise_pool, open_motion
from governance.services.closing import everyone_voted
from governance.services.conflicts import declare_conflict
from governance.services.queries import current_register, get_motion
from governance.tally import Choice
from storage.audit.verify import Checked, verify_database
from storage.tables import AuditEntryRow, BallotRow, MotionRow
from storage.tables_outbox import NoticeRow
from tests.integration.charters import OPERATOR, charter_text
from tests.integration.conftest import AUDIT_KEY, NOW, SIGNING_ENV
from tests.integration.helpers import WEEK, every_row, execute, open_kind, record_is_clean, vote
from tests.large_register import large_charter, member_id

CHANNEL = "C0GOVERN"


def poolgov(database_url: str, *args: str) -> Result:
    env = {"POOLGOV_AUDIT_KEY": AUDIT_KEY.decode(), "POOLGOV_CHANNEL": CHANNEL}
    return CliRunner().invoke(
        app, [*args, "--database-url", database_url], env=env, catch_exceptions=False
    )


def audit_entries(pool, kind: str) -> list[dict[str, Any]]:
    with pool.reader() as uow:
        bodies = uow.session.scalars(select(AuditEntryRow.body).order_by(AuditEntryRow.seq))
        found = [json.loads(b) for b in bodies]
    return [b["data"] for b in found if b["kind"] == kind]


def register_of(pool) -> dict[str, Any]:
    return {e.member.id: e for e in current_register(pool.reader(), pool.parse_charter).entries}


def test_an_update_is_audited_with_reason_and_difference_and_announced(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    frozen = get_motion(pool.reader(), motion).motion.electorate.weights

    result = poolgov(
        pool.database_url,
        *("register", "update", "acme", "--patents", "15", "--add-rep", "U0ACME9"),
        *("--remove-rep", "U0ACME2", "--reason", "annual count"),
    )

    assert result.exit_code == 0, result.output
    assert "acme: patents 10 → 15" in result.output
    (entry,) = audit_entries(pool, "member_updated")
    assert entry["by"] == OPERATOR
    assert entry["reason"] == "annual count"
    assert entry["diff"] == {
        "patents": {"old": 10, "new": 15},
        "representatives": {"old": ["U0ACME1", "U0ACME2"], "new": ["U0ACME1", "U0ACME9"]},
    }
    assert register_of(pool)["acme"].member.patents == 15
    # the open motion keeps its frozen weights; the next one uses the new register
    assert get_motion(pool.reader(), motion).motion.electorate.weights == frozen
    later = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    assert get_motion(pool.reader(), later).motion.electorate.weights != frozen
    with pool.reader() as uow:
        (notice,) = uow.session.scalars(select(NoticeRow).where(NoticeRow.key.like("register:%")))
        assert notice.channel == CHANNEL
        assert "10 → 15" in notice.content
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("omega", "--patents", "3"), "ID: 'omega' is not a member of the pool."),
        (("acme", "--patents", "-3"), "--patents: must be 0 or more"),
        (("acme", "--contribution", "x"), "--contribution: 'x' is not a number"),
        (("acme", "--add-rep", "U0BETA1"), "U0BETA1 already represents beta"),
        (("acme", "--remove-rep", "U0BETA1"), "--remove-rep: U0BETA1 does not represent acme"),
        (("acme", "--patents", "3", "--reason", " "), "--reason: say why"),
        (("acme", "--patents", "3", "--by", "U0ACME1"), "Only the operator may update"),
    ],
)
def test_a_refused_update_names_the_option_and_writes_nothing(pool, args, message):
    before = every_row(pool)
    reason = () if "--reason" in args else ("--reason", "why")

    result = poolgov(pool.database_url, "register", "update", *args, *reason)

    assert result.exit_code == 2
    assert message in result.output
    assert every_row(pool) == before


def test_show_lists_each_member_with_its_last_change(pool):
    poolgov(pool.database_url, "register", "update", "beta", "--patents", "7", "--reason", "r")

    result = poolgov(pool.database_url, "register", "show", "--json")

    rows = {r["id"]: r for r in json.loads(result.output)}
    assert rows["beta"]["patents"] == 7
    assert rows["beta"]["last_changed"] is not None
    assert set(rows) == {"acme", "beta", "gamma", "delta"}


@pytest.fixture
def large_pool(runtime):
    initialise_pool(InitialisePool(large_charter(1000)), runtime.uow(), NOW, runtime.parse_charter)
    return runtime


def register_file(rows: int, bad: int | None = None) -> str:
    lines = ["id,patents,contribution"]
    for i in range(rows):
        patents = "-3" if i == bad else str(100 + i)
        lines.append(f"{member_id(i)},{patents},{i}/4")
    return "\n".join(lines) + "\n"


def test_an_import_of_a_thousand_rows_changes_every_member_at_once(large_pool, tmp_path):
    path = tmp_path / "count.csv"
    path.write_text(register_file(1000), encoding="utf-8")

    result = poolgov(large_pool.database_url, "register", "import", str(path))

    assert result.exit_code == 0, result.output
    assert "1000 rows read, 1000 members changed" in result.output
    register = register_of(large_pool)
    assert register[member_id(999)].member.patents == 1099
    entries = audit_entries(large_pool, "member_updated")
    assert len(entries) == 1000
    assert entries[0]["reason"] == "register file count.csv"
    with large_pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))


def test_an_import_with_one_bad_row_names_it_and_writes_nothing(large_pool, tmp_path):
    path = tmp_path / "count.csv"
    path.write_text(register_file(1000, bad=500), encoding="utf-8")
    before = every_row(large_pool)

    result = poolgov(large_pool.database_url, "register", "import", str(path), "--reason", "2027")

    assert result.exit_code == 2
    assert "line 502, column patents: '-3' is not a whole number 0 or more" in result.output
    assert every_row(large_pool) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,patents\nacme,5,6\n", "line 2: expected 2 fields, got 3"),
        ("id,weight\nacme,5\n", "line 1, column weight: unknown column"),
        ("id,patents\nomega,5\n", "line 2, column id: 'omega' is not a member of the pool."),
        ("id,representatives\nacme,U0BETA1\n", "line 2, column representatives: U0BETA1"),
        ("id,patents\nacme,5\nacme,6\n", "line 3, column id: acme is listed twice"),
    ],
)
def test_a_bad_register_file_is_refused_at_its_line_and_column(pool, tmp_path, text, message):
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    before = every_row(pool)

    result = poolgov(pool.database_url, "register", "import", str(path), "--reason", "r")

    assert result.exit_code == 2
    assert message in result.output
    assert every_row(pool) == before


@pytest.fixture
def declared_pool(runtime):
    text = charter_text(4).replace(
        "  general: {allow_change: false}",
        "  general: {allow_change: false, recuse: [declared]}",
    )
    initialise_pool(InitialisePool(text), runtime.uow(), NOW, runtime.parse_charter)
    return runtime


def test_a_declared_conflict_recused_by_the_rule_sets_the_ballot_aside(declared_pool):
    pool = declared_pool
    command = OpenMotion(OPERATOR, "A general motion", "…", General())
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)
    motion = opened.motion_id
    for member in ("acme", "beta", "gamma"):
        vote(pool, motion, member, Choice.YES, NOW)
    vote(pool, motion, "delta", Choice.NO, NOW)

    (declared,) = declare_conflict(
        DeclareConflict("U0DELTA1", motion, "our affiliate is a licensee"),
        pool.uow(),
        NOW,
        pool.parse_charter,
    )
    # from now on its representatives' ballots are refused, with the reason
    with pytest.raises(RecusedByDeclaration):
        vote(pool, motion, "delta", Choice.YES, NOW)
    events = close_motion(CloseMotion(motion), pool.uow(), NOW, pool.parse_charter)

    assert declared.recused
    closing = events[0]
    assert isinstance(closing, MotionClosed)
    tally = closing.tally
    assert tally.recused == ("delta",)
    assert "delta" not in tally.electorate
    assert tally.totals.no == 0
    with pool.reader() as uow:
        result = uow.session.scalar(select(MotionRow.result).where(MotionRow.id == int(motion)))
        ballots = uow.session.scalars(select(BallotRow.member_id)).all()
    assert "delta" in ballots  # set aside, never deleted
    details = json.loads(result)["details"] if isinstance(result, str) else result["details"]
    assert details["recusals"] == {"delta": "our affiliate is a licensee"}
    assert details["set_aside"] == ["delta"]
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter))


def test_a_declaration_the_rule_does_not_recuse_is_only_recorded(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    (declared,) = declare_conflict(
        DeclareConflict(OPERATOR, motion, "board seat at a licensee", member_id="beta"),
        pool.uow(),
        NOW,
        pool.parse_charter,
    )
    assert not declared.recused
    assert get_motion(pool.reader(), motion).motion.electorate.recused == ()
    vote(pool, motion, "beta", Choice.YES, NOW)
    (closed, *_) = close_motion(CloseMotion(motion), pool.uow(), NOW + WEEK, pool.parse_charter)
    assert isinstance(closed, MotionClosed)
    assert closed.tally.recused == ()
    assert closed.tally.choices["beta"] is Choice.YES  # counted
    assert closed.tally.declarations == {"beta": "board seat at a licensee"}
    view = get_motion(pool.reader(), motion)
    _, blocks = result_message(view.motion, view.result, {"beta": "Beta Corp"}, "0" * 64)
    assert "Beta Corp (declared conflict of interest: board seat at a licensee): *yes*" in str(
        blocks
    )
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter))


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        (DeclareConflict("U0NOBODY", "{m}", "a reason"), NotAuthorised),
        (DeclareConflict("U0ACME1", "{m}", "  "), PayloadInvalid),
        (DeclareConflict("U0ACME1", "{m}", "again"), ConflictAlreadyDeclared),
        (DeclareConflict("U0ACME1", "{m}", "for beta", member_id="beta"), NotAuthorised),
    ],
)
def test_a_refused_declaration_is_not_recorded(pool, command, refusal):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    first = DeclareConflict("U0ACME1", motion, "first")
    declare_conflict(first, pool.uow(), NOW, pool.parse_charter)
    before = every_row(pool)
    command = DeclareConflict(command.actor, motion, command.reason, command.member_id)

    with pytest.raises(refusal):
        declare_conflict(command, pool.uow(), NOW, pool.parse_charter)
    assert every_row(pool) == before


def test_the_subject_of_an_expulsion_cannot_declare_on_it(pool):
    motion = open_kind(pool, MotionKind.EXPULSION, NOW).motion_id
    with pytest.raises(NotInElectorate):
        declare_conflict(
            DeclareConflict("U0GAMMA1", motion, "it is about us"),
            pool.uow(),
            NOW,
            pool.parse_charter,
        )


def test_an_export_of_a_motion_with_a_declared_recusal_checks_and_recounts(declared_pool, tmp_path):
    pool = declared_pool
    command = OpenMotion(OPERATOR, "A general motion", "…", General())
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)
    motion = opened.motion_id
    vote(pool, motion, "acme", Choice.YES, NOW)
    vote(pool, motion, "beta", Choice.NO, NOW)
    declare_conflict(
        DeclareConflict("U0BETA1", motion, "licensee affiliate"),
        pool.uow(),
        NOW,
        pool.parse_charter,
    )
    close_motion(CloseMotion(motion), pool.uow(), NOW + WEEK, pool.parse_charter)
    directory = tmp_path / "export"
    env = {**SIGNING_ENV, "POOLGOV_AUDIT_KEY": AUDIT_KEY.decode()}
    runner = CliRunner()
    exported = runner.invoke(
        app,
        ["export", "motion", motion, str(directory), "--database-url", pool.database_url],
        env=env,
    )
    assert exported.exit_code == 0, exported.output

    checked = runner.invoke(app, ["audit", "check", str(directory)], env={})
    assert checked.exit_code == 0, checked.output
    recounted = runner.invoke(
        app,
        [
            *("tally", str(directory / "charter.yaml"), str(directory / "ballots.csv")),
            *("--kind", "general", "--recuse", "beta=licensee affiliate", "--json"),
        ],
    )
    recorded = json.loads((directory / "result.json").read_text(encoding="utf-8"))
    assert json.loads(recounted.output) == recorded
    assert recorded["recused"] == ["beta"]


def test_a_declaration_changed_in_the_database_is_found_by_the_verification(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    declare_conflict(
        DeclareConflict("U0BETA1", motion, "licensee affiliate"),
        pool.uow(),
        NOW,
        pool.parse_charter,
    )
    execute(pool, "UPDATE conflict_declarations SET reason = 'nothing to see'")

    with pool.reader() as uow:
        result = verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter)
    assert isinstance(result, Checked)
    assert not result.clean
    (finding,) = [str(f) for f in result.findings]
    assert "conflict_declarations" in finding
    assert "member beta" in finding


def test_a_motion_may_close_early_once_everyone_not_recused_by_a_declaration_voted(
    declared_pool,
):
    pool = declared_pool
    command = OpenMotion(OPERATOR, "A general motion", "…", General())
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)
    motion = opened.motion_id
    declare_conflict(
        DeclareConflict("U0DELTA1", motion, "a stake"), pool.uow(), NOW, pool.parse_charter
    )
    for member in ("acme", "beta"):
        vote(pool, motion, member, Choice.YES, NOW)
    assert everyone_voted(pool.reader()) == []

    last = vote(pool, motion, "gamma", Choice.NO, NOW)

    assert last.everyone_voted
    assert everyone_voted(pool.reader()) == [motion]
