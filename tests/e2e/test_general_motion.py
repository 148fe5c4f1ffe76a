"""A general resolution, from the operator's modal to the declared result."""

from __future__ import annotations

from tests.e2e.conftest import Harness
from tests.e2e.flows import closed, ephemerals_to, eventually, open_motion, text_of, vote
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE


def test_members_vote_and_the_motion_carries_when_everyone_has_voted(fresh_pool: Harness) -> None:
    h = fresh_pool  # its first start: the schema migrated from nothing, the pool initialised
    message = open_motion(h, "general", {"title": "Adopt the 2027 budget", "text": "Resolved."})
    assert "Adopt the 2027 budget" in text_of(message)
    assert "Carried if more than 1/2 of votes cast" in text_of(message)

    for user, choice in [(ACME, "yes"), (BETA, "no"), (GAMMA, "yes"), (DELTA, "abstain")]:
        status, _, _ = vote(h, user, message, choice)
        assert status == 200

    result = closed(h, message)
    shown = text_of(result)
    assert ":white_check_mark: *Carried*" in shown
    assert "Audit chain head" in shown
    assert "Acme Corp: *yes*" in shown
    assert "*Weight test* yes 66.7% of votes cast, needed > 50.0%: met" in shown  # 60 of 90
    assert "*Quorum* 100.0% of eligible weight took part, needed ≥ 50.0%: met" in shown
    assert "*Rule* Carried if more than 1/2 of votes cast" in shown
    assert "early: every member of the electorate had voted" in shown
    receipts = ephemerals_to(h, ACME)
    assert any("Your vote is recorded: *yes* for Acme Corp" in r for r in receipts)
    announcements = eventually(
        lambda: [m for m in h.fake.messages(GOVERNANCE) if "adopted" in m.text]
    )
    assert len(announcements) == 1
