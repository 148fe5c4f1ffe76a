"""The motion message's live turnout: coalesced within Slack's rate limits, final state shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, Rate, RateLimits, SlackDriver
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.flows import current, eventually, open_motion, text_of, vote
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, GAMMA, USERS


@pytest.fixture
def strict_pool(sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    """A fake Slack that allows chat.update only once per second per channel after a burst of 2."""
    limits = RateLimits(per_channel={"chat.update": Rate(burst=2, interval=1.0)})
    with FakeSlack(users=USERS, rate_limits=limits) as fake:
        settings = settings_for(fake, sqlite_url, tmp_path, POOLGOV_REFRESH_INTERVAL=1.5)
        with PoolBot(settings) as bot:
            server = bot.start_http(port=0)
            yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


def test_a_burst_of_votes_is_shown_without_exceeding_the_update_rate(strict_pool: Harness) -> None:
    h = strict_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    clicks = [(ACME, "yes"), (BETA, "no"), (ACME_DEPUTY, "no"), (BETA, "yes"), (GAMMA, "abstain")]
    for round_ in range(4):
        for user, choice in clicks:
            vote(h, user, message, choice if round_ % 2 == 0 else "yes")
    for user, choice in clicks:
        vote(h, user, message, choice)
    eventually(lambda: "3 of 4 members voted" in text_of(current(h, message)))
    assert h.bot.refresher.flush(timeout=60)
    updates = h.fake.calls("chat.update")
    assert [c for c in updates if c.status == 429] == []
    assert 1 <= len(updates) <= 8  # 25 clicks, a handful of refreshes
    assert "90.0% of eligible weight (quorum met)" in text_of(current(h, message))
