"""The operator is reminded before each deadline and the complaint escalates after it: each once,
also across restarts of the bot on the same database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.sandbox import FakeSlack
from tests.e2e.complaint_flows import (
    SUPERVISORS_CHANNEL,
    MovableClock,
    complaints,
    file_complaint,
    new_key,
    running,
)
from tests.e2e.conftest import Harness, sweep_once
from tests.e2e.flows import eventually
from tests.e2e.pool import OPERATOR, SUPERVISOR


def sweeps(h: Harness) -> None:
    """Three sweeps, run here: all that is due by the clock has been done, and only once."""
    for _ in range(3):
        sweep_once(h)


def reminders(fake: FakeSlack) -> list[str]:
    return [m.text for m in fake.dms_to(OPERATOR) if "Reminder" in m.text]


def flags(fake: FakeSlack) -> list[str]:
    return [m.text for m in fake.messages(SUPERVISORS_CHANNEL) if "Escalated" in m.text]


def test_reminder_before_and_escalation_after_each_exactly_once_across_restarts(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    clock, key = MovableClock(), new_key()
    first = running(fake_slack, sqlite_url, tmp_path, clock, key)
    h = next(first)
    complaint = file_complaint(h, SUPERVISOR, "Late statements", "Q3 came two months late.")
    sweeps(h)
    assert reminders(fake_slack) == []  # three days ahead: nothing is due yet

    clock.advance(timedelta(days=2, hours=1))  # within a day of acknowledge_by
    eventually(lambda: reminders(fake_slack))
    sweeps(h)
    (reminder,) = reminders(fake_slack)
    assert f"complaint *{complaint.id}*: acknowledge by" in reminder
    first.close()

    second = running(fake_slack, sqlite_url, tmp_path, clock, key)
    h = next(second)
    sweeps(h)
    assert len(reminders(fake_slack)) == 1  # the restart does not remind again
    assert flags(fake_slack) == []

    clock.advance(timedelta(hours=23, minutes=30))  # acknowledge_by has passed
    eventually(lambda: flags(fake_slack))
    (escalated,) = complaints(h)
    assert escalated.status.value == "escalated"
    assert escalated.escalation_reason is not None
    assert escalated.escalation_reason.value == "acknowledge_deadline_missed"
    sweeps(h)
    second.close()

    third = running(fake_slack, sqlite_url, tmp_path, clock, key)
    h = next(third)
    clock.advance(timedelta(days=20))  # past respond_by too: an escalated complaint waits on no one
    sweeps(h)
    (flag,) = flags(fake_slack)
    assert f"Complaint *{complaint.id}*" in flag
    assert "the acknowledgement deadline was missed" in flag
    assert len(reminders(fake_slack)) == 1
    with h.bot.storage.reader() as uow:
        assert [c.status for c in uow.complaints.open_for_agenda()] == ["escalated"]
    third.close()
