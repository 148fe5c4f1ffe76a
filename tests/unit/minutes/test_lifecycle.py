"""The minutes lifecycle as a pure state machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.minutes import lifecycle as lc
from governance.minutes.lifecycle import ApprovedBy, CorrectionState, MinutesState

KEY = "assembly@2027-01-04T10:00"
T0 = datetime(2027, 1, 4, 4, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def circulated() -> lc.MinutesReview:
    return lc.circulate(lc.draft(KEY, "Adopted the budget.", T0), T0, WEEK)


def test_a_draft_is_circulated_for_the_review_period() -> None:
    review = circulated()
    assert review.state is MinutesState.CIRCULATED
    assert review.review_closes == T0 + WEEK
    assert review.open_for_corrections(T0 + WEEK - timedelta(seconds=1))
    assert not review.open_for_corrections(T0 + WEEK)


def test_a_correction_after_the_review_closes_is_refused() -> None:
    review = circulated()
    with pytest.raises(lc.ReviewClosed):
        lc.propose(review, 1, "U1", "acme", "Say 2028.", T0 + WEEK)
    with pytest.raises(lc.ReviewClosed):
        lc.propose(review, 1, "U1", "acme", "Say 2028.", T0 + WEEK + timedelta(days=3))
    in_time = lc.propose(review, 1, "U1", "acme", "Say 2028.", T0 + WEEK - timedelta(seconds=1))
    assert [c.id for c in in_time.pending] == [1]


def test_a_draft_takes_no_correction_until_circulated() -> None:
    with pytest.raises(lc.MinutesNotCirculated):
        lc.propose(lc.draft(KEY, "x", T0), 1, "U1", "acme", "y", T0)


def test_corrections_are_accepted_or_declined_with_a_reason() -> None:
    review = lc.propose(circulated(), 1, "U1", "acme", "Say 2028.", T0)
    review = lc.propose(review, 2, "U2", "beta", "Strike item 3.", T0)
    with pytest.raises(lc.CorrectionInvalid):
        lc.decide(review, 1, True, "  ", "UOP", T0)
    with pytest.raises(lc.CorrectionUnknown):
        lc.decide(review, 9, True, "ok", "UOP", T0)
    with pytest.raises(lc.CorrectionsPending):
        lc.approve(review, ApprovedBy.MEETING, "assembly@2027-01-11T10:00", T0)
    review = lc.decide(review, 1, True, "Right year.", "UOP", T0)
    review = lc.decide(review, 2, False, "Item 3 was adopted.", "UOP", T0)
    with pytest.raises(lc.CorrectionAlreadyDecided):
        lc.decide(review, 2, True, "changed my mind", "UOP", T0)
    assert [c.state for c in review.corrections] == [
        CorrectionState.ACCEPTED,
        CorrectionState.DECLINED,
    ]
    assert lc.final_text(review) == "Adopted the budget.\n\nCorrections:\n1. Say 2028."


@pytest.mark.parametrize(
    ("by", "ref"), [(ApprovedBy.MEETING, "assembly@2027-01-11T10:00"), (ApprovedBy.MOTION, "7")]
)
def test_approval_by_a_meeting_or_a_motion_locks(by: ApprovedBy, ref: str) -> None:
    review = lc.propose(circulated(), 1, "U1", "acme", "Say 2028.", T0)
    review = lc.decide(review, 1, True, "Right year.", "UOP", T0)
    approved_at = T0 + timedelta(days=6)
    locked = lc.approve_and_lock(review, by, ref, approved_at)
    assert locked.state is MinutesState.LOCKED
    assert (locked.approved_by, locked.approved_ref) == (by, ref)
    assert locked.review_closes == approved_at  # approval ends the review early
    assert locked.text_hash == lc.text_hash(lc.final_text(locked))
    assert len(locked.text_hash) == 64


def test_a_locked_record_refuses_every_change() -> None:
    locked = lc.approve_and_lock(circulated(), ApprovedBy.MOTION, "7", T0)
    later = T0 + timedelta(hours=1)
    with pytest.raises(lc.MinutesLocked):
        lc.redraft(locked, "Something else.", later)
    with pytest.raises(lc.MinutesLocked):
        lc.circulate(locked, later, WEEK)
    with pytest.raises(lc.MinutesLocked):
        lc.propose(locked, 1, "U1", "acme", "Say 2028.", later)
    with pytest.raises(lc.MinutesLocked):
        lc.decide(locked, 1, True, "ok", "UOP", later)
    with pytest.raises(lc.MinutesLocked):
        lc.approve(locked, ApprovedBy.MEETING, "m", later)
    with pytest.raises(lc.MinutesLocked):
        lc.lock(locked)


def test_a_draft_cannot_be_approved_before_it_is_circulated() -> None:
    with pytest.raises(lc.MinutesNotCirculated):
        lc.approve(lc.draft(KEY, "x", T0), ApprovedBy.MEETING, "m", T0)


def test_redrafting_circulated_minutes_sends_them_back_to_draft() -> None:
    review = lc.redraft(circulated(), "Adopted the 2028 budget.", T0 + timedelta(hours=1))
    assert review.state is MinutesState.DRAFT
    assert review.text == "Adopted the 2028 budget."


def test_minutes_take_follow_up_actions_until_they_are_approved() -> None:
    draft = lc.draft(KEY, "Adopted the budget.", T0)
    lc.check_takes_actions(draft)
    lc.check_takes_actions(circulated())
    approved = lc.approve(circulated(), ApprovedBy.MEETING, "m", T0)
    for review in (approved, lc.lock(approved)):
        with pytest.raises(lc.ActionsClosed) as refused:
            lc.check_takes_actions(review)
        assert "/action add" in str(refused.value)
