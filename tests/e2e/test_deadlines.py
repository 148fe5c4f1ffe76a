"""Motions close themselves at their deadline, also when the bot was down when it passed."""

from __future__ import annotations

import time
from pathlib import Path

from bot.bootstrap import build
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, SlackDriver
from governance.services import queries
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.flows import closed, eventually, motion_id_of, open_motion, text_of, vote
from tests.e2e.pool import ACME, BETA, GOVERNANCE


def test_a_motion_closes_at_its_deadline_and_declares_the_result(any_pool: Harness) -> None:
    h = any_pool
    message = open_motion(h, "general", {"title": "Quick vote", "text": "Resolved."}, period="2s")
    vote(h, ACME, message, "yes")
    vote(h, BETA, message, "yes")  # 70 of 100 take part, all yes: carried at the deadline
    result = text_of(closed(h, message, timeout=15))
    assert ":white_check_mark: *Carried*" in result
    view = queries.get_motion(h.bot.storage.reader(), motion_id_of(message))
    assert view.close_reason == "deadline"
    assert view.audit_head is not None
    assert view.audit_head in result


def test_a_deadline_passed_while_down_is_closed_on_start(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    settings = settings_for(fake_slack, sqlite_url, tmp_path)
    with PoolBot(settings) as first:
        server = first.start_http(port=0)
        h = Harness(
            fake_slack, first, SlackDriver(server.url, SIGNING_SECRET, fake_slack), settings
        )
        message = open_motion(
            h, "general", {"title": "Overnight", "text": "Resolved."}, period="3s"
        )
        vote(h, ACME, message, "yes")
        vote(h, BETA, message, "no")
        motion_id = motion_id_of(message)
        eventually(lambda: len(queries.get_motion(first.storage.reader(), motion_id).ballots) == 2)
    time.sleep(3.5)  # the bot is down when the deadline passes
    motion_id = motion_id_of(message)
    with build(sqlite_url, audit_key=b"e2e-audit-key") as storage:
        assert queries.get_motion(storage.reader(), motion_id).motion.is_open
    with PoolBot(settings) as second:
        second.start_http(port=0)
        h2 = Harness(fake_slack, second, h.slack, settings)
        result = text_of(closed(h2, message, timeout=15))
        assert ":white_check_mark: *Carried*" in result  # 40 yes of 70 cast, quorum 70 of 100
        view = queries.get_motion(second.storage.reader(), motion_id)
        assert view.close_reason == "deadline"
        eventually(
            lambda: [m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text]
        )
        second.refresher.flush()
        announcements = [
            m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text
        ]
        assert len(announcements) == 1
