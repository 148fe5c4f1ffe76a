"""Receipts a voter can use: `/pool receipt CODE` for the member's representatives only, and an
old click delivered again that never passes for the member's current vote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack
from governance.services import queries
from tests.e2e.conftest import Harness, running
from tests.e2e.flows import (
    closed,
    ephemerals_to,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    vote,
    vote_all,
)
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, CHARTER, DELTA, GAMMA, OPERATOR

RECEIPT = re.compile(r"[Rr]eceipt `([0-9a-f-]+)`")


def receipt_after(h: Harness, user: str, before: int) -> str:
    """The receipt code in the next ephemeral ``user`` gets after ``before`` of them."""
    replies = eventually(lambda: ephemerals_to(h, user)[before:])
    match = RECEIPT.search(replies[-1])
    assert match, replies[-1]
    return match.group(1)


def counted(h: Harness, motion_id: str) -> dict[str, str]:
    view = queries.get_motion(h.bot.storage.reader(), motion_id)
    return {b.member_id: b.choice.value for b in view.ballots}


def test_a_representative_looks_up_receipts_and_nobody_else_learns_anything(
    pool: Harness,
) -> None:
    message = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    vote(pool, ACME, message, "yes")
    first = receipt_after(pool, ACME, 0)
    before = len(ephemerals_to(pool, ACME_DEPUTY))
    vote(pool, ACME_DEPUTY, message, "no")
    then = receipt_after(pool, ACME_DEPUTY, before)

    typed = first.upper().replace("-", " ")  # as a person reads it out
    answer = pool_says(pool, ACME_DEPUTY, f"receipt {typed}")
    assert f"*Receipt `{first}`*" in answer
    assert "ballot of Acme Corp: *yes*" in answer
    assert f"superseded by a later one. The counted ballot is *no*, receipt `{then}`" in answer
    assert "still open" in answer
    assert "This is Acme Corp's counted ballot." in pool_says(pool, ACME, f"receipt `{then}`")

    for outsider in (OPERATOR, BETA):
        theirs = pool_says(pool, outsider, f"receipt {then}")
        unknown = pool_says(pool, outsider, "receipt 0000-1111-2222")
        assert theirs == unknown.replace("0000-1111-2222", then)
        assert "No ballot of your member has the receipt" in theirs
        assert "Acme" not in theirs

    vote_all(pool, message, {BETA: "yes", GAMMA: "yes", DELTA: "yes"})
    closed(pool, message)
    head = queries.get_motion(pool.bot.storage.reader(), motion_id_of(message)).audit_head
    assert head is not None
    after = pool_says(pool, ACME, f"receipt {then}")
    assert "The motion carried" in after
    assert f"This ballot is in the result, published under audit chain head `{head}`" in after
    old = pool_says(pool, ACME, f"receipt {first}")
    assert "This superseded ballot is not in the result" in old


def test_an_old_click_delivered_again_tells_the_current_vote(any_pool: Harness) -> None:
    h = any_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    motion_id = motion_id_of(message)
    old_click = {"extra": {"action_ts": "1800000000.000100"}}
    vote(h, BETA, message, "yes", **old_click)
    first = receipt_after(h, BETA, 0)
    before = len(ephemerals_to(h, BETA))
    vote(h, BETA, message, "no", extra={"action_ts": "1800000000.000200"})
    then = receipt_after(h, BETA, before)
    eventually(lambda: counted(h, motion_id) == {"beta": "no"})

    before = len(ephemerals_to(h, BETA))
    status, _, _ = vote(h, BETA, message, "yes", retry_num=1, retry_reason="timeout", **old_click)
    assert status == 200
    reply = eventually(lambda: ephemerals_to(h, BETA)[before:])[-1]

    assert f"This click was counted before, as *yes* (receipt `{first}`)" in reply
    assert f"it is now *no*, receipt `{then}`" in reply
    assert "Your vote is recorded" not in reply
    assert counted(h, motion_id) == {"beta": "no"}


@pytest.fixture
def secret_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    charter = tmp_path / "secret-charter.yaml"
    secret = CHARTER.replace("general: {allow_change: true}", "general: {secret: true}")
    assert secret != CHARTER
    charter.write_text(secret, encoding="utf-8")
    yield from running(fake_slack, sqlite_url, tmp_path, POOLGOV_CHARTER=str(charter))


def test_in_a_secret_ballot_the_members_representative_still_sees_its_choice(
    secret_pool: Harness,
) -> None:
    h = secret_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    vote(h, GAMMA, message, "abstain")
    code = receipt_after(h, GAMMA, 0)
    answer = pool_says(h, GAMMA, f"receipt {code}")
    assert "ballot of Gamma GmbH: *abstain*" in answer
    assert "Secret ballot" in answer
    assert "abstain" not in pool_says(h, OPERATOR, f"receipt {code}")
