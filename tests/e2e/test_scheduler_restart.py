"""``poolgov run --http`` killed (SIGKILL) around a meeting reminder's due time and restarted:
the reminder goes out exactly once, and never for a cancelled meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack, SlackDriver
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.flows import eventually
from tests.e2e.meeting_flows import ASSEMBLY, wait_for_post
from tests.e2e.pool import OPERATOR
from tests.e2e.scheduler_steps import BOARD, process, reminders_sent, sleep_until, timeline

pytestmark = pytest.mark.slow


def test_a_reminder_is_sent_once_across_kills_and_never_for_a_cancelled_meeting(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    # reminders due 20 s and 40 s from now, in real time (processes of their own): the first
    # process has 20 s to start and cancel the board meeting, however loaded the machine is
    plan = timeline(lead=50, early=30, late=10)
    first = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        slack = SlackDriver(first.url, SIGNING_SECRET, fake_slack)
        slack.slash_command(OPERATOR, "/meeting", f"cancel {plan.board} no business")
        wait_for_post(fake_slack, BOARD, "is cancelled")
    finally:
        first.kill()  # down when the first reminder falls due
    assert datetime.now(UTC) < plan.due(30), "the first process was not down before the reminder"
    assert reminders_sent(fake_slack, ASSEMBLY, 30) == 0

    sleep_until(plan.due(30) + timedelta(seconds=0.5))
    second = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 30))
    finally:
        second.kill()  # killed just after sending: the restarted process must not send again

    third = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        sleep_until(plan.due(10))
        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 10))
        sleep_until(plan.due(10) + timedelta(seconds=1.5))  # a few more sweeps
    finally:
        third.stop()
    assert reminders_sent(fake_slack, ASSEMBLY, 30) == 1
    assert reminders_sent(fake_slack, ASSEMBLY, 10) == 1
    assert reminders_sent(fake_slack, BOARD, 30) == 0
    assert reminders_sent(fake_slack, BOARD, 10) == 0
