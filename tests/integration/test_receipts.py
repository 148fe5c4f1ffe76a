"""Receipts: a member's representatives look a ballot up, nobody else learns anything, and an old
request answered again says what counts now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.motion import MotionState
from governance.services import cast_ballot, cast_ballots
from governance.services.errors import NotAReceipt, UnknownReceipt
from governance.services.queries import get_motion
from governance.services.receipts import ReceiptLookup, ballot_by_receipt
from governance.tally import Choice
from tests.integration.charters import OPERATOR, representative
from tests.integration.conftest import NOW
from tests.integration.helpers import close, open_kind, vote

LATER = NOW + timedelta(hours=1)
WEEK_ON = NOW + timedelta(days=8)


def look_up(pool, actor: str, code: str):
    return ballot_by_receipt(ReceiptLookup(actor, code), pool.reader())


def test_a_representative_sees_the_counted_ballot_and_its_choice(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    cast = vote(pool, motion, "acme", Choice.YES, LATER)

    found = look_up(pool, representative("acme", 2), cast.receipt.upper().replace("-", " "))

    assert (found.motion_id, found.member_id, found.choice) == (motion, "acme", Choice.YES)
    assert found.receipt == cast.receipt
    assert found.counted
    assert found.counted_receipt is None
    assert found.motion_state is MotionState.OPEN
    assert found.in_result is None


def test_a_superseded_ballot_names_the_counted_receipt(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    first = vote(pool, motion, "acme", Choice.YES, LATER)
    then = vote(pool, motion, "acme", Choice.NO, LATER + timedelta(minutes=1))

    found = look_up(pool, representative("acme"), first.receipt)

    assert found.choice is Choice.YES
    assert not found.counted
    assert (found.counted_choice, found.counted_receipt) == (Choice.NO, then.receipt)


def test_after_the_close_it_says_whether_the_ballot_is_in_the_result_and_the_head(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    first = vote(pool, motion, "acme", Choice.YES, LATER)
    then = vote(pool, motion, "acme", Choice.NO, LATER + timedelta(minutes=1))
    vote(pool, motion, "beta", Choice.YES, LATER)
    vote(pool, motion, "gamma", Choice.YES, LATER)
    close(pool, motion, WEEK_ON)
    head = get_motion(pool.reader(), motion).audit_head

    counted = look_up(pool, representative("acme"), then.receipt)
    superseded = look_up(pool, representative("acme"), first.receipt)

    assert counted.in_result is True
    assert counted.audit_head == head is not None
    assert counted.closed_at == WEEK_ON
    assert superseded.in_result is False


@pytest.mark.parametrize("who", [OPERATOR, representative("beta"), "U0NOBODY"])
def test_anyone_else_gets_the_answer_an_unknown_code_gets(pool, who):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    cast = vote(pool, motion, "acme", Choice.YES, LATER)
    unknown = "0000-0000-0000"

    with pytest.raises(UnknownReceipt) as theirs:
        look_up(pool, who, cast.receipt)
    with pytest.raises(UnknownReceipt) as nobodys:
        look_up(pool, representative("acme"), unknown)

    assert str(theirs.value) == str(nobodys.value).replace(unknown, cast.receipt)


def test_text_that_is_no_receipt_is_refused_as_such(pool):
    with pytest.raises(NotAReceipt):
        look_up(pool, representative("acme"), "my vote please")


def test_an_old_request_answered_again_after_a_change_says_what_counts_now(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    first = vote(pool, motion, "acme", Choice.YES, LATER, key="first-click")
    then = vote(pool, motion, "acme", Choice.NO, LATER, key="second-click")
    old = CastBallot(motion, "acme", representative("acme"), Choice.YES, "first-click")

    (alone,) = cast_ballot(old, pool.uow(), LATER)
    (batched,) = cast_ballots([old], pool.uow(), LATER)[0]  # type: ignore[misc]

    for again in (alone, batched):
        assert again.replayed
        assert (again.choice, again.receipt) == (Choice.YES, first.receipt)
        assert (again.counted_choice, again.counted_receipt) == (Choice.NO, then.receipt)
    still = cast_ballot(
        CastBallot(motion, "acme", representative("acme"), Choice.NO, "second-click"),
        pool.uow(),
        LATER,
    )[0]
    assert still.replayed
    assert still.counted_receipt is None  # that answer is still the counted ballot
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.NO}
