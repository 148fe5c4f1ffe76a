"""``poolgov run --http`` killed (SIGKILL) around a meeting reminder's due time and restarted:
the reminder goes out exactly once, and never for a cancelled meeting."""

from __future__ import annotations

from datetime import timedelta
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
    plan = timeline(lead=36, early=28, late=10)  # reminders due 8 s and 26 s from now
    first = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        slack = SlackDriver(first.url, SIGNING_SECRET, fake_slack)
        slack.slash_command(OPERATOR, "/meeting", f"cancel {plan.board} no business")
        wait_for_post(fake_slack, BOARD, "is cancelled")
    finally:
        sleep_until(plan.due(28) - timedelta(seconds=1.5))
        first.kill()  # down when the first reminder falls due
    assert reminders_sent(fake_slack, ASSEMBLY, 28) == 0

    sleep_until(plan.due(28) + timedelta(seconds=0.5))
    second = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 28), timeout=15)
    finally:
        second.kill()  # killed just after sending: the restarted process must not send again

    third = process(fake_slack, sqlite_url, tmp_path, plan).start()
    try:
        sleep_until(plan.due(10))
        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 10), timeout=10)
        sleep_until(plan.due(10) + timedelta(seconds=1.5))  # a few more sweeps
    finally:
        third.stop()
    assert reminders_sent(fake_slack, ASSEMBLY, 28) == 1
    assert reminders_sent(fake_slack, ASSEMBLY, 10) == 1
    assert reminders_sent(fake_slack, BOARD, 28) == 0
    assert reminders_sent(fake_slack, BOARD, 10) == 0
