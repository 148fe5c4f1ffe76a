"""A ``minutes_approval`` motion opens only for minutes out for review, through signed HTTP on
SQLite and PostgreSQL: none recorded, already approved, or already before the members in another
open motion, the operator's form says so on the meeting's field and nothing is opened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.services import queries
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import eventually, motion_id_of, open_motion, submit_draft
from tests.e2e.meeting_flows import ASSEMBLY, wait_for_post
from tests.e2e.pool import OPERATOR
from tests.e2e.test_minutes_flow import KEY, NEXT, STARTS, meeting, record

__all__ = ["meeting"]  # the fixture, shared with the minutes' own flow


def refused(h: Harness, key: str) -> str:
    answer = submit_draft(h, "minutes_approval", {"title": "Approve", "occurrence_key": key})
    assert answer.status == 200
    errors: dict[str, str] = answer.json()["errors"]
    assert set(errors) == {"occurrence_key"}
    return errors["occurrence_key"]


def motions(h: Harness) -> int:
    return len(queries.recent_motions(h.bot.storage.reader(), 50))


def test_a_minutes_approval_motion_needs_minutes_out_for_review(meeting: Harness) -> None:
    h = meeting
    clock = clock_of(h)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    said = refused(h, KEY)
    assert said == f"No minutes are recorded for {KEY}; `/meeting minutes` lists them."
    assert motions(h) == 0

    assert record(h, "Adopted the 2027 budget.") == 200
    wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    first = open_motion(h, "minutes_approval", {"title": "Approve", "occurrence_key": KEY})
    assert "Approval of minutes" in first.text + str(first.blocks)
    assert "already puts the minutes of" in refused(h, KEY)
    assert motions(h) == 1

    number = motion_id_of(first)
    h.slack.slash_command(OPERATOR, "/motion", f"withdraw {number} Approved at the meeting instead")
    eventually(
        lambda: queries.get_motion(h.bot.storage.reader(), number).motion.state.value == "withdrawn"
    )
    clock.set(datetime(2027, 1, 11, 2, 1, tzinfo=UTC))  # the next meeting is sitting
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes approve {KEY} {NEXT}")
    wait_for_post(h.fake, ASSEMBLY, "Approved minutes of General Assembly")
    assert refused(h, KEY) == f"The minutes of {KEY} are approved already."
    assert motions(h) == 1
