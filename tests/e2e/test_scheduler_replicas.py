"""Two ``poolgov run --http`` replicas on one PostgreSQL: exactly one leads the scheduler; kill it
and the other takes over within 30 s; each due reminder is sent exactly once across the pair."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from bot.sandbox import FakeSlack
from tests.e2e.flows import eventually
from tests.e2e.meeting_flows import ASSEMBLY
from tests.e2e.scheduler_steps import process, reminders_sent, sleep_until, timeline

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

LEADERS = """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


def leaders(url: str) -> list[str]:
    with psycopg.connect(url, autocommit=True) as connection:
        return [str(row[0]) for row in connection.execute(LEADERS).fetchall()]


@pytest.fixture
def postgres_url(postgres_server, request: pytest.FixtureRequest):
    name = postgres_server.create()
    yield postgres_server.url(name)
    postgres_server.drop(name)


def test_one_leader_a_takeover_within_30s_and_each_reminder_once(
    fake_slack: FakeSlack, postgres_url: str, tmp_path: Path
) -> None:
    plan = timeline(lead=34, early=24, late=8)  # reminders due 10 s and 26 s from now
    named = {n: f"{postgres_url}?application_name=poolgov-{n}" for n in ("a", "b")}
    bots = {n: process(fake_slack, named[n], tmp_path, plan) for n in ("a", "b")}
    bots["a"].start()  # the first start initialises the pool; the replica joins it
    bots["b"].start()
    try:
        first = eventually(lambda: leaders(postgres_url))
        time.sleep(1)
        assert leaders(postgres_url) == first  # exactly one leader, and it stays
        assert len(first) == 1
        leader = first[0].removeprefix("poolgov-")
        follower = "b" if leader == "a" else "a"

        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 24))
        bots[leader].kill()
        killed = time.monotonic()
        assert eventually(lambda: leaders(postgres_url) == [f"poolgov-{follower}"], timeout=30)
        assert time.monotonic() - killed < 30

        sleep_until(plan.due(8))
        eventually(lambda: reminders_sent(fake_slack, ASSEMBLY, 8))
        time.sleep(1.5)  # more sweeps on the new leader: nothing is sent again
    finally:
        for bot in bots.values():
            bot.stop()
    assert reminders_sent(fake_slack, ASSEMBLY, 24) == 1
    assert reminders_sent(fake_slack, ASSEMBLY, 8) == 1
