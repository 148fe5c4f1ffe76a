"""Motions close themselves at their deadline, also when the bot was down when it passed.

poolgov reads a hand clock here: the deadline passes when the test moves the clock, never because
the machine was slow to deliver the votes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, SlackDriver
from governance.services import queries
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import SIGNING_SECRET, Harness, clock_of, settings_for, sweep_once
from tests.e2e.flows import closed, eventually, motion_id_of, open_motion, text_of, vote
from tests.e2e.pool import ACME, BETA, GOVERNANCE


def ballots_recorded(bot: PoolBot, motion_id: str, count: int) -> bool:
    return len(queries.get_motion(bot.storage.reader(), motion_id).ballots) == count


def test_a_motion_closes_at_its_deadline_and_declares_the_result(clocked_pool: Harness) -> None:
    h = clocked_pool
    message = open_motion(h, "general", {"title": "Quick vote", "text": "Resolved."}, period="2s")
    motion_id = motion_id_of(message)
    vote(h, ACME, message, "yes")
    vote(h, BETA, message, "yes")  # 70 of 100 take part, all yes: carried at the deadline
    eventually(lambda: ballots_recorded(h.bot, motion_id, 2))
    clock_of(h).advance(timedelta(seconds=1))
    sweep_once(h)
    assert queries.get_motion(h.bot.storage.reader(), motion_id).motion.is_open  # not yet due
    clock_of(h).advance(timedelta(seconds=1))
    result = text_of(closed(h, message))
    assert ":white_check_mark: *Carried*" in result
    view = queries.get_motion(h.bot.storage.reader(), motion_id)
    assert view.close_reason == "deadline"
    assert view.audit_head is not None
    assert view.audit_head in result


def test_a_deadline_passed_while_down_is_closed_on_start(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    clock = HandClock()
    settings = settings_for(fake_slack, sqlite_url, tmp_path)
    with PoolBot(settings, clock=clock) as first:
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
        eventually(lambda: ballots_recorded(first, motion_id, 2))
    clock.advance(timedelta(seconds=3.5))  # the bot is down when the deadline passes
    with build(sqlite_url, audit_key=b"e2e-audit-key") as storage:
        assert queries.get_motion(storage.reader(), motion_id).motion.is_open
    with PoolBot(settings, clock=clock) as second:
        second.start_http(port=0)
        h2 = Harness(fake_slack, second, h.slack, settings)
        result = text_of(closed(h2, message))
        assert ":white_check_mark: *Carried*" in result  # 40 yes of 70 cast, quorum 70 of 100
        view = queries.get_motion(second.storage.reader(), motion_id)
        assert view.close_reason == "deadline"
        eventually(
            lambda: [m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text]
        )
        assert second.refresher.flush(timeout=60)
        announcements = [
            m for m in fake_slack.messages(GOVERNANCE) if "(General resolution)" in m.text
        ]
        assert len(announcements) == 1
