"""Slack's platform rules: Slack Connect actors, and 429s waited out rather than lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack, FakeUser, ManualClock, Rate, RateLimits
from tests.e2e.conftest import Harness, running
from tests.e2e.flows import closed, ephemerals_to, eventually, open_motion, text_of, vote_all
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE, USERS

PARTNER_TEAM = "T0BETAORG"
SUPERVISORS = "G0SUPERVISE"


def users_with_beta_in_its_own_workspace() -> list[FakeUser]:
    return [FakeUser(u.id, u.real_name, PARTNER_TEAM) if u.id == BETA else u for u in USERS]


@pytest.fixture
def connect_pool(sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    """Beta's representative acts from its own organisation, over a shared channel."""
    with FakeSlack(
        users=users_with_beta_in_its_own_workspace(), rate_limits=RateLimits.unlimited()
    ) as fake:
        yield from running(fake, sqlite_url, tmp_path)


def test_a_representative_from_another_organisation_votes_as_its_member(
    connect_pool: Harness,
) -> None:
    h = connect_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    vote_all(h, message, {BETA: "yes"})
    receipt = eventually(lambda: ephemerals_to(h, BETA))
    assert "for Beta Ltd" in receipt[0]


@pytest.fixture
def window() -> ManualClock:
    """The fake Slack's clock: its rate window stays shut until the test moves it on."""
    return ManualClock()


@pytest.fixture
def throttled_pool(sqlite_url: str, tmp_path: Path, window: ManualClock) -> Iterator[Harness]:
    """A fake Slack that takes one chat.postMessage per channel every 2 seconds (on `window`)."""
    limits = RateLimits(per_method={}, per_channel={"chat.postMessage": Rate(burst=1, interval=2)})
    with FakeSlack(users=USERS, rate_limits=limits, clock=window) as fake:
        yield from running(fake, sqlite_url, tmp_path)


def test_a_rate_limited_post_is_retried_after_retry_after_and_nothing_is_lost(
    throttled_pool: Harness, window: ManualClock
) -> None:
    h = throttled_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"})
    assert "*Carried*" in text_of(closed(h, message))

    def refused() -> list[int]:
        calls = h.fake.calls("chat.postMessage")
        return [
            c.status for c in calls if c.status == 429 and c.params.get("channel") == GOVERNANCE
        ]

    eventually(refused)  # the announcement came too soon: the motion's post spent the window
    assert not [m for m in h.fake.messages(GOVERNANCE) if "(General resolution)" in m.text]
    window.advance(2)  # the window reopens while poolgov waits out Retry-After
    eventually(lambda: [m for m in h.fake.messages(GOVERNANCE) if "(General resolution)" in m.text])
    calls = h.fake.calls("chat.postMessage")
    posts = [c for c in calls if c.params.get("channel") == GOVERNANCE]
    assert [c.status for c in posts].count(429) >= 1
    assert len([c for c in posts if c.ok]) == 2  # the motion and its single announcement
    witnessed = eventually(lambda: h.fake.messages(SUPERVISORS))
    assert [m.text[:7] for m in witnessed] == [":lock: "]  # the signed head, once
