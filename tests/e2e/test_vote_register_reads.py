"""A ballot click never reads the register: not to record the ballot, and not to find the language
of its receipt. A receipt for someone whose Slack language poolgov does not know is in the pool's
language, which is one of the charter's rules; at a large register, reading ten thousand members
for it, at every click that finds it expired, was most of what a burst of clicks cost."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack, RateLimits
from tests.e2e.conftest import Harness, running
from tests.e2e.flows import ephemerals_to, eventually, open_motion, vote
from tests.e2e.pool import ACME, USERS


@pytest.fixture
def unknown_locale_pool(sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The e2e pool, where Acme's representative has a Slack language poolgov does not speak."""
    users = [dataclasses.replace(u, locale="fr-FR") if u.id == ACME else u for u in USERS]
    with FakeSlack(users=users, rate_limits=RateLimits.unlimited()) as fake:
        yield from running(fake, sqlite_url, tmp_path)


def test_a_vote_and_its_receipt_read_no_register(
    unknown_locale_pool: Harness, register_reads: list[int]
) -> None:
    h = unknown_locale_pool
    message = open_motion(h, "general", {"title": "Adopt the budget", "text": "Resolved."})
    h.bot.runtime.locales.forget()  # the pool's language is read again for the receipt
    register_reads.clear()
    status, _, _ = vote(h, ACME, message, "yes")
    assert status == 200
    (receipt,) = eventually(lambda: ephemerals_to(h, ACME))
    assert "Your vote is recorded" in receipt
    assert register_reads == []
