"""A vote reminder fanned out as DMs against the fake Slack's rate limits: every representative of
a member yet to vote gets exactly one DM, however the sends are throttled or overlap."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from bot.jobs_meetings import remind_voters
from bot.sandbox import FakeSlack, HeldClock, Rate, RateLimits
from tests.e2e.fanout_pool import fanout_bot, open_general, representatives, vote_for
from tests.e2e.flows import eventually
from tests.e2e.pool import USERS

MEMBERS = 100  # 200 DMs; bench/fanout.py runs 1,000


def test_two_hundred_dms_go_out_once_each_through_429s(sqlite_url: str, tmp_path: Path) -> None:
    limits = RateLimits(
        per_method={"chat.postMessage": Rate(burst=5, interval=0.02)},
        per_channel={"chat.postMessage": Rate(burst=1, interval=1.0)},
    )
    window = HeldClock()  # the fake's rate windows stand still until the first 429
    with (
        FakeSlack(users=USERS, rate_limits=limits, clock=window) as fake,
        fanout_bot(
            fake, sqlite_url, tmp_path, MEMBERS, POOLGOV_FANOUT_RATE=400, POOLGOV_FANOUT_BURST=100
        ) as (bot, clock),
    ):
        motion_id, closes_at = open_general(bot)
        vote_for(bot, motion_id, 0)
        vote_for(bot, motion_id, 1)
        clock.set(closes_at - timedelta(days=1) + timedelta(seconds=1))
        # the leader's sweep and two overlapping jobs all try to send the same reminder
        jobs = [threading.Thread(target=remind_voters, args=(bot.runtime, motion_id)) for _ in "ab"]
        for job in jobs:
            job.start()
        eventually(lambda: any(c.status == 429 for c in fake.calls("chat.postMessage")))
        window.release()  # the burst of 5 was spent at once: from here the budget refills
        for job in jobs:
            job.join(timeout=60)
        expected = [u for n in range(2, MEMBERS) for u in representatives(n)]
        eventually(lambda: all(fake.dms_to(u) for u in expected))
        assert bot.refresher.flush(timeout=60)
        calls = fake.calls("chat.postMessage")
        delivered = [c for c in calls if c.ok]
        assert sorted(str(c.params["channel"]) for c in delivered) == sorted(expected)
        assert all(len(fake.dms_to(u)) == 1 for u in expected)
        assert not any(fake.dms_to(u) for n in (0, 1) for u in representatives(n))
        assert any(c.status == 429 for c in calls)  # the limit was hit and waited out
