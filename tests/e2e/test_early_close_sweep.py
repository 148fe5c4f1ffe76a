"""An early close lost before it ran: the sweeps close the motion everyone has voted on, once.

The early closer waits ``POOLGOV_CLOSE_GRACE`` after the last ballot. In the first test the
ballots' requests to close are lost (as if they went to a process that died); in the SIGKILL
test the process dies inside the wait, at the moment the close would have run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from bot.sandbox import FakeSlack, SlackDriver
from storage.engines import make_engine
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import SIGNING_SECRET, Harness, running, sweep_once
from tests.e2e.flows import closed, eventually, motion_id_of, open_motion, text_of, vote_all
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE
from tests.e2e.processes import BotProcess
from tests.e2e.test_notices_killed import announcements, died, draft, exactly_once, motion_posts

EVERYONE = {ACME: "yes", BETA: "yes", GAMMA: "no", DELTA: "yes"}
EARLY = "early: every member of the electorate had voted"


@pytest.fixture
def quick_closer_pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on a hand clock that stays put, closing early a moment after everyone voted."""
    yield from running(fake_slack, any_url, tmp_path, clock=HandClock(), POOLGOV_CLOSE_GRACE=0.05)


def closes(url: str) -> list[tuple[str, str, int]]:
    """Each closed motion: its id, its close reason, and how many closings the audit chain has."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, close_reason FROM motions WHERE state <> 'open' ORDER BY id")
            ).all()
            return [
                (str(motion_id), str(reason), closings(connection, motion_id))
                for motion_id, reason in rows
            ]
    finally:
        engine.dispose()


def closings(connection: Connection, motion_id: int) -> int:
    query = text("SELECT count(*) FROM audit_entries WHERE motion_id = :m AND body LIKE :kind")
    found = connection.execute(query, {"m": motion_id, "kind": '%"motion_closed"%'})
    return int(found.scalar_one())


def test_a_sweep_closes_a_motion_everyone_voted_on_whose_early_close_was_lost(
    quick_closer_pool: Harness,
) -> None:
    h = quick_closer_pool
    rt = h.bot.runtime
    message = open_motion(h, "general", {"title": "Swept shut", "text": "Resolved."})
    rt.close_early = lambda motion_id: None  # the ballots' asks to close go nowhere
    vote_all(h, message, EVERYONE)
    eventually(lambda: len(h.fake.ephemerals()) >= len(EVERYONE))  # every ballot recorded
    sweep_once(h)  # a sweep of its own changes nothing while the closer is lost too
    assert h.bot.refresher.flush(timeout=60)
    assert closes(h.settings.database_url) == []
    rt.close_early = h.bot.early_closer.request  # the closer is back: the next sweep asks it
    sweep_once(h)  # the hand clock has not moved: no deadline is due, only the early close
    shown = text_of(closed(h, message))
    assert ":white_check_mark: *Carried*" in shown
    assert EARLY in shown
    sweep_once(h)  # and again: nothing more
    assert closes(h.settings.database_url) == [(motion_id_of(message), "all_voted", 1)]
    (declared,) = eventually(
        lambda: [m for m in h.fake.messages(GOVERNANCE) if "(General resolution)" in m.text]
    )
    assert "Swept shut" in declared.text


@pytest.mark.slow
def test_a_bot_killed_inside_the_early_close_wait_closes_the_motion_once_on_restart(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    bot = BotProcess(
        fake_slack,
        sqlite_url,
        tmp_path,
        POOLGOV_CLOSE_GRACE="0.2",
        POOLGOV_TEST_KILL_AT="early_close:motion:",
    ).start()
    draft(fake_slack, bot)  # a 7-day period: no deadline closes it while the test runs
    post = eventually(lambda: motion_posts(fake_slack), timeout=20)[0]
    slack = SlackDriver(bot.url, SIGNING_SECRET, fake_slack)
    for user, choice in EVERYONE.items():
        status, _, _ = slack.click(
            user, f"ballot_{choice}", motion_id_of(post), message_ts=post.ts, channel=GOVERNANCE
        )
        assert status == 200
    died(bot)  # the moment the early close would have run
    assert closes(sqlite_url) == []
    assert announcements(fake_slack) == []
    ballots = count_ballots(sqlite_url)
    assert ballots == len(EVERYONE)  # every ballot was in before the kill

    restarted = BotProcess(fake_slack, sqlite_url, tmp_path).start()
    try:
        exactly_once(lambda: len(announcements(fake_slack)))  # the start-up sweep closed it
        shown = fake_slack.message(GOVERNANCE, post.ts)
        assert shown is not None
        assert "*Carried*" in text_of(shown)
        assert EARLY in text_of(shown)
    finally:
        restarted.stop()
    assert closes(sqlite_url) == [(motion_id_of(post), "all_voted", 1)]
    assert restarted.process is not None
    assert restarted.process.returncode == 0


def count_ballots(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM ballots")).scalar_one())
    finally:
        engine.dispose()
