"""``poolgov run --http`` killed with a motion open: the restarted process closes it, once."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.bootstrap import build
from bot.sandbox import FakeSlack, Message, SlackDriver
from governance.services import queries
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.flows import eventually, motion_id_of, text_of
from tests.e2e.pool import ACME, BETA, GOVERNANCE, OPERATOR
from tests.e2e.processes import BotProcess
from tests.e2e.scheduler_steps import sleep_until

pytestmark = pytest.mark.slow


def test_a_killed_bot_closes_the_missed_deadline_on_restart_exactly_once(
    fake_slack: FakeSlack, any_url: str, tmp_path: Path
) -> None:
    bot = BotProcess(fake_slack, any_url, tmp_path).start()
    try:
        slack = SlackDriver(bot.url, SIGNING_SECRET, fake_slack)
        slack.slash_command(OPERATOR, "/motion", "general")
        eventually(lambda: fake_slack.views_opened())
        # real time here (a process of its own): a period the two votes fit in on a loaded machine
        fields = {"title": "Overnight", "text": "Resolved.", "voting_period": "20s"}
        answer = slack.submit_view(
            OPERATOR, "motion_draft", {k: {"value": v} for k, v in fields.items()}
        )
        assert answer.status == 200
        message = eventually(lambda: fake_slack.messages(GOVERNANCE))[0]
        for user in (ACME, BETA):
            status, _, _ = slack.click(
                user, "ballot_yes", motion_id_of(message), message_ts=message.ts, channel=GOVERNANCE
            )
            assert status == 200
        eventually(lambda: len(fake_slack.ephemerals()) >= 2)
    finally:
        bot.kill()
    motion_id = motion_id_of(message)
    with build(any_url, audit_key=b"e2e-audit-key") as storage:
        view = queries.get_motion(storage.reader(), motion_id)
    assert len(view.ballots) == 2  # both counted before the deadline
    sleep_until(view.motion.closes_at + timedelta(seconds=0.5))  # it passes while nothing runs
    assert "Overnight" in text_of(shown_now(fake_slack, message.ts))  # still open
    restarted = BotProcess(fake_slack, any_url, tmp_path).start()
    try:
        shown = eventually(lambda: "*Carried*" in text_of(shown_now(fake_slack, message.ts)))
        assert shown
        eventually(
            lambda: [m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text]
        )
        time.sleep(1.5)  # a few more sweeps: nothing is announced twice
        declared = [m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text]
        assert len(declared) == 1
        assert motion_id in declared[0].text
    finally:
        restarted.stop()
    assert restarted.process is not None
    assert restarted.process.returncode == 0  # SIGTERM: a clean stop, not a kill


def shown_now(fake: FakeSlack, ts: str) -> Message:
    message = fake.message(GOVERNANCE, ts)
    assert message is not None
    return message
