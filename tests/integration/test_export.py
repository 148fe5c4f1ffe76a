"""An export re-counts: ``poolgov tally`` over the exported files prints the recorded result."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.app import app
from governance.charter import MotionKind
from governance.events import CharterAmended, MemberAdmitted, MemberRemoved
from governance.services.queries import (
    charter_in_force,
    current_register,
    distribution_rules,
    fee_schedule,
    get_motion,
)
from governance.services.results import tally_json
from governance.tally import Choice, Outcome
from tests.integration.conftest import NOW, SIGNING_ENV
from tests.integration.helpers import WEEK, close, open_kind, vote

ROOT = Path(__file__).resolve().parents[2]
CHOICES = {"acme": Choice.YES, "beta": Choice.NO, "gamma": Choice.YES, "delta": Choice.ABSTAIN}


def export(database_url: str, motion_id: str, directory: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["export", "motion", motion_id, str(directory), "--database-url", database_url],
        env=SIGNING_ENV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


def recount(directory: Path, kind: MotionKind, subject: str | None) -> dict[str, object]:
    arguments = [str(directory / "charter.yaml"), str(directory / "ballots.csv")]
    arguments += ["--kind", kind.value, "--json"]
    if subject:
        arguments += ["--subject", subject]
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "tally", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def assert_round_trip(pool, database_url: str, motion_id: str, directory: Path) -> Outcome:
    view = get_motion(pool.reader(), motion_id)
    assert view.result is not None
    export(database_url, motion_id, directory)
    recorded = json.loads((directory / "result.json").read_text(encoding="utf-8"))
    assert recorded == tally_json(view.motion.kind, view.result)
    assert recount(directory, view.motion.kind, view.motion.payload.subject) == recorded
    lines = (directory / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))  # the whole chain
    bodies = [json.loads(e["body"]) for e in entries]
    assert bodies[0]["kind"] == "pool_initialised"
    about = [b["kind"] for b in bodies if str(b["data"].get("motion_id")) == motion_id]
    assert about[0] == "motion_opened"
    assert "motion_closed" in about
    checked = CliRunner().invoke(app, ["audit", "check", str(directory)], env={})
    assert checked.exit_code == 0, checked.output
    return view.result.outcome


def test_every_kind_exports_and_recounts_to_the_recorded_result(pool, database_url, tmp_path):
    motions = {kind: open_kind(pool, kind, NOW) for kind in MotionKind}
    for kind, opened in motions.items():
        for member, choice in CHOICES.items():
            if member in opened.electorate:
                amend = kind is MotionKind.CHARTER_AMENDMENT and member == "delta"
                vote(pool, opened.motion_id, member, Choice.YES if amend else choice, NOW)
    effects = []
    for opened in motions.values():
        effects += close(pool, opened.motion_id, NOW + WEEK)[1:]

    outcomes = {
        kind: assert_round_trip(pool, database_url, opened.motion_id, tmp_path / kind.value)
        for kind, opened in motions.items()
    }

    assert outcomes[MotionKind.EXPULSION] is Outcome.FAILED
    assert {k for k, o in outcomes.items() if o is Outcome.CARRIED} == set(MotionKind) - {
        MotionKind.EXPULSION
    }
    assert {type(e) for e in effects} >= {MemberAdmitted, MemberRemoved, CharterAmended}
    register = current_register(pool.reader(), pool.parse_charter)
    assert [e.member.id for e in register.entries] == ["acme", "gamma", "delta", "omega"]
    assert register.charter_version == 2
    assert sum(e.share for e in register.entries) == 1
    in_force = charter_in_force(pool.reader(), pool.parse_charter)
    assert in_force.charter.rules_for(MotionKind.CHARTER_AMENDMENT).threshold == Fraction(2, 3)
    assert in_force.record.carried_by_motion == motions[MotionKind.CHARTER_AMENDMENT].motion_id
    assert [f.royalty for f in fee_schedule(pool.reader())] == ["0.25 USD"]
    assert len(distribution_rules(pool.reader())) == 1


def test_a_motion_opened_after_the_register_changed_recounts_with_its_own_snapshot(
    pool, database_url, tmp_path
):
    admission = open_kind(pool, MotionKind.ADMISSION, NOW).motion_id
    for member in ("acme", "beta", "gamma", "delta"):
        vote(pool, admission, member, Choice.YES, NOW)
    close(pool, admission, NOW)  # everyone voted: an early close
    later = NOW + WEEK
    general = open_kind(pool, MotionKind.GENERAL, later).motion_id
    vote(pool, general, "acme", Choice.YES, later)
    close(pool, general, later + WEEK)

    assert assert_round_trip(pool, database_url, general, tmp_path / "general") is (
        Outcome.NO_QUORUM
    )
    assert "omega" in get_motion(pool.reader(), general).motion.electorate.members
