"""Only requests signed by Slack reach poolgov: forged or stale ones are refused, change nothing."""

from __future__ import annotations

import pytest

from governance.services import queries
from tests.e2e.conftest import Harness
from tests.e2e.flows import motion_id_of, open_motion, vote
from tests.e2e.pool import ACME, OPERATOR


@pytest.mark.parametrize("tamper", ["forge", "stale"])
def test_a_badly_signed_vote_is_refused_with_nothing_stored_and_no_slack_call(
    pool: Harness, tamper: str
) -> None:
    message = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    assert pool.bot.refresher.flush(timeout=60)  # the new motion's own refreshes are done
    calls_before = len(pool.fake.calls())
    status, _, _ = vote(pool, ACME, message, "yes", **{tamper: True})
    assert status == 401
    assert queries.get_motion(pool.bot.storage.reader(), motion_id_of(message)).ballots == ()
    assert pool.bot.refresher.flush(timeout=60)
    assert len(pool.fake.calls()) == calls_before


@pytest.mark.parametrize("tamper", ["forge", "stale"])
def test_a_badly_signed_command_opens_nothing(pool: Harness, tamper: str) -> None:
    if tamper == "forge":
        status, _, _ = pool.slack.slash_command(OPERATOR, "/motion", "general", forge=True)
    else:
        status, _, _ = pool.slack.slash_command(OPERATOR, "/motion", "general", stale=True)
    assert status == 401
    assert pool.fake.views_opened() == []
    assert [c.method for c in pool.fake.calls()] == ["auth.test"]
