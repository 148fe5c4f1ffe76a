"""A carried admission's follow-up action through signed HTTP, on SQLite and PostgreSQL: created
with the close, listed by ``/pool actions`` and on the App Home, the owner reminded before the due
date, flagged overdue in the supervisors' channel exactly once (also across restarts), listed on
the next meeting's agenda, counted in the compliance report, then marked done with a note; and
``audit verify`` replays all of it."""

from __future__ import annotations

import json
from collections.abc import Generator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli.app import app
from bot.report import build_report
from bot.sandbox import FakeSlack, payloads
from governance.services import actions as service
from governance.services import queries
from storage.audit.keys import KEY_ENV
from storage.audit.verify import Checked, verify_database
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, sweep_once
from tests.e2e.flows import (
    closed,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote_all,
)
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml, running_with_meetings, wait_for_post
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, NEWCO, OPERATOR, SUPERVISOR
from tests.e2e.pseudo import plain_file

SUPERVISORS_CHANNEL = "G0SUPERVISE"
START = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
MEETING = datetime(2027, 2, 15, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, after the due date
AGREEMENT = "Sign the pooling agreement with the new member."


def started(
    fake: FakeSlack, url: str, tmp_path: Path, clock: HandClock
) -> Generator[Harness, None, None]:
    yield from running_with_meetings(fake, url, tmp_path, meetings_yaml("2027-02-15T10:00"), clock)


def sweeps(h: Harness) -> None:
    for _ in range(3):
        sweep_once(h)


def reminders(fake: FakeSlack) -> list[str]:
    return [m.text for m in fake.dms_to(OPERATOR) if "follow-up action *A1* is due" in m.text]


def flags(fake: FakeSlack) -> list[str]:
    return [m.text for m in fake.messages(SUPERVISORS_CHANNEL) if "*A1* is overdue" in m.text]


def answered(h: Harness, user: str, command: str, text: str) -> str:
    before = len(h.fake.ephemerals(user))
    status, _, _ = h.slack.slash_command(user, command, text)
    assert status == 200
    answers = eventually(lambda: h.fake.ephemerals(user)[before:])
    return str(answers[0].text) + json.dumps(answers[0].blocks, ensure_ascii=False)


def test_a_carried_admissions_action_is_reminded_flagged_once_on_the_agenda_and_reported(
    fake_slack: FakeSlack, any_url: str, tmp_path: Path
) -> None:
    clock = HandClock(START)
    first = started(fake_slack, any_url, tmp_path, clock)
    h = next(first)
    message = open_motion(
        h,
        "admission",
        {
            "title": "Admit Newco",
            "applicant_id": "newco",
            "applicant_name": "Newco Inc",
            "patents": "25",
            "representatives": payloads.multi_users_select([NEWCO]),
        },
        period="1h",
    )
    vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"})
    motion_id = motion_id_of(message)
    eventually(lambda: len(queries.get_motion(h.bot.storage.reader(), motion_id).ballots) == 4)
    clock.advance(timedelta(hours=1, seconds=1))
    sweep_once(h)
    assert ":white_check_mark: *Carried*" in text_of(closed(h, message))
    (action,) = service.open_actions(h.bot.storage.reader())
    assert action.id == 1
    assert action.owner == "operator"
    assert action.due_at == action.created_at + timedelta(days=30)
    listed = pool_says(h, OPERATOR, "actions")
    assert "*A1*" in listed
    assert AGREEMENT in listed
    assert "the operator" in listed
    assert "motion " in listed
    assert "https://slack.com/archives/" in listed
    assert AGREEMENT in answered(h, SUPERVISOR, "/action", "list")
    assert "/action done ID NOTE" in pool_says(h, NEWCO, "help")
    record = pool_says(h, GAMMA, f"motion {motion_id}")  # the decision's record lists it too
    assert "*Follow-up actions*" in record
    assert f"*A1* {AGREEMENT} · the operator · due" in record
    h.slack.event({"type": "app_home_opened", "user": OPERATOR, "tab": "home"})
    home = eventually(lambda: h.fake.home_view(OPERATOR))
    assert "1 of them yours" in json.dumps(home)
    assert AGREEMENT in json.dumps(home)
    sweeps(h)
    assert reminders(fake_slack) == []  # a month ahead: nothing is due yet

    clock.set(action.due_at - timedelta(days=2))  # within three days of the due date
    eventually(lambda: reminders(fake_slack))
    sweeps(h)
    (reminder,) = reminders(fake_slack)
    assert AGREEMENT in reminder
    assert "/action done 1 NOTE" in reminder
    first.close()

    second = started(fake_slack, any_url, tmp_path, clock)
    h = next(second)
    sweeps(h)
    assert len(reminders(fake_slack)) == 1  # the restart does not remind again
    assert flags(fake_slack) == []
    clock.set(action.due_at + timedelta(minutes=1))
    eventually(lambda: flags(fake_slack))
    sweeps(h)
    (flag,) = flags(fake_slack)
    assert AGREEMENT in flag
    assert "the operator answers for it" in flag
    second.close()

    third = started(fake_slack, any_url, tmp_path, clock)
    h = next(third)
    sweeps(h)
    assert len(flags(fake_slack)) == 1  # flagged once, across two restarts
    assert len(reminders(fake_slack)) == 1  # and no reminder once it is overdue
    assert "*overdue*" in pool_says(h, OPERATOR, "actions")

    clock.set(MEETING - timedelta(hours=2))  # the next meeting's agenda freezes
    agenda = wait_for_post(h.fake, ASSEMBLY, "Agenda (frozen)")
    shown = json.dumps(agenda.blocks, ensure_ascii=False)
    assert "*Open follow-up actions*" in shown
    assert f"A1 {AGREEMENT}" in shown
    assert "motion 1" in shown
    assert "*overdue*" in shown

    report = build_report(
        h.bot.storage.reader(), h.bot.storage.parse_charter, date(2027, 1, 1),
        date(2027, 2, 28), clock(),
    )  # fmt: skip
    table = next(t for t in report.tables if t.name == "actions")
    assert table.rows == (("motion", "1", "0", "0", "1", "1"),)
    assert "Follow-up actions" in report.markdown()

    assert "not an owner" in answered(h, OPERATOR, "/action", "add 14d everyone Do it")
    assert "Only the owner of action 1" in answered(h, NEWCO, "/action", "done 1 Signed")
    assert "*A1* is done" in answered(h, OPERATOR, "/action", "done 1 Signed on 16 February.")
    assert "*A2* added" in answered(
        h, OPERATOR, "/action", f"add 2027-03-01 <@{SUPERVISOR}> motion=1 Check the signed copy"
    )
    after = pool_says(h, OPERATOR, "actions")
    assert AGREEMENT not in after
    assert "Check the signed copy" in after
    third.close()

    with build(any_url, audit_key=b"e2e-audit-key") as storage, storage.uow() as uow:
        result = verify_database(uow.session, b"e2e-audit-key", None, storage.parse_charter)
    assert isinstance(result, Checked), result
    assert result.clean, result
    assert result.compared["follow_up_actions"] == 2

    report_dir = tmp_path / "report"
    command = ["report", "--from", "2027-01-01", "--to", "2027-02-28", "-o", str(report_dir)]
    answer = CliRunner().invoke(
        app, [*command, "--database-url", any_url], env={KEY_ENV: "e2e-audit-key"}
    )
    assert answer.exit_code == 0, answer.output
    written = plain_file(report_dir / "actions.csv").splitlines()
    assert written[0] == "source,created,done_on_time,done_late,open,overdue"
    assert written[1].startswith("motion,1,")  # the admission's action, created in the period
    assert written[2].startswith("operator,1,")  # and the one the operator added
    assert "## Follow-up actions" in plain_file(report_dir / "report.md")
