"""Casting ballots: recorded once, replayed by request key, refused without a trace."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.errors import (
    MotionNotOpen,
    NotAuthorised,
    NotInElectorate,
    VoteChangeNotAllowed,
    VotingClosed,
)
from governance.motion import BallotEffect
from governance.services import cast_ballot
from governance.services.errors import UnknownMotion
from governance.services.queries import get_motion, member_ballots
from governance.tally import Choice
from tests.integration.conftest import NOW
from tests.integration.helpers import WEEK, close, every_row, open_kind, vote


def test_a_first_ballot_is_recorded_with_a_receipt_from_its_audit_entry(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW)

    recorded = vote(pool, motion.motion_id, "acme", Choice.YES, NOW)

    assert recorded.effect is BallotEffect.RECORDED
    with pool.reader() as uow:
        head = uow.audit.head()
    assert head.entry_hash.startswith(recorded.receipt.replace("-", ""))
    assert get_motion(pool.reader(), motion.motion_id).choices == {"acme": Choice.YES}


def test_a_repeated_request_key_returns_the_original_answer_and_writes_nothing(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW)
    first = vote(pool, motion.motion_id, "acme", Choice.YES, NOW, key="click-1")
    before = every_row(pool)

    again = vote(pool, motion.motion_id, "acme", Choice.YES, NOW + timedelta(minutes=1), "click-1")

    assert again.replayed
    assert (again.receipt, again.cast_at, again.effect) == (
        first.receipt,
        first.cast_at,
        first.effect,
    )
    assert every_row(pool) == before


def test_a_changed_vote_supersedes_the_earlier_ballot_and_keeps_it(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW)
    vote(pool, motion.motion_id, "acme", Choice.YES, NOW)

    changed = vote(pool, motion.motion_id, "acme", Choice.NO, NOW + timedelta(hours=1))

    assert changed.effect is BallotEffect.CHANGED
    assert get_motion(pool.reader(), motion.motion_id).choices == {"acme": Choice.NO}
    history = member_ballots(pool.reader(), "acme")
    assert [(b.choice, b.superseded_at is None) for b in history] == [
        (Choice.NO, True),
        (Choice.YES, False),
    ]


def test_the_same_choice_again_changes_nothing_but_the_request_key(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW)
    first = vote(pool, motion.motion_id, "acme", Choice.YES, NOW, key="a")

    same = vote(pool, motion.motion_id, "acme", Choice.YES, NOW, key="b")

    assert same.effect is BallotEffect.UNCHANGED
    assert same.receipt == first.receipt
    assert len(member_ballots(pool.reader(), "acme")) == 1


def refusals(pool) -> list[tuple[CastBallot, datetime, type[Exception]]]:
    """Each refused ballot, paired with the refusal it must get."""
    fee = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    general = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    withdrawal = open_kind(pool, MotionKind.WITHDRAWAL, NOW).motion_id  # beta is recused
    closed = open_kind(pool, MotionKind.DISTRIBUTION_CHANGE, NOW).motion_id
    close(pool, closed, NOW + WEEK)
    vote(pool, general, "acme", Choice.YES, NOW)
    later = NOW + timedelta(hours=1)
    return [
        (CastBallot(fee, "acme", "U0BETA1", Choice.YES, "k1"), later, NotAuthorised),
        (CastBallot(fee, "acme", "U0STRANGER", Choice.YES, "k2"), later, NotAuthorised),
        (CastBallot(fee, "acme", "U0ACME1", Choice.YES, "k3"), NOW + WEEK, VotingClosed),
        (CastBallot(closed, "acme", "U0ACME1", Choice.YES, "k4"), later, MotionNotOpen),
        (CastBallot(withdrawal, "beta", "U0BETA1", Choice.NO, "k5"), later, NotInElectorate),
        (CastBallot(general, "acme", "U0ACME2", Choice.NO, "k6"), later, VoteChangeNotAllowed),
        (CastBallot("999", "acme", "U0ACME1", Choice.YES, "k7"), later, UnknownMotion),
        (CastBallot("not-a-number", "acme", "U0ACME1", Choice.YES, "k8"), later, UnknownMotion),
    ]


def test_every_refusal_of_a_ballot_writes_nothing(pool):
    cases = refusals(pool)
    before = every_row(pool)

    for command, when, refusal in cases:
        with pytest.raises(refusal):
            cast_ballot(command, pool.uow(), when)
        assert every_row(pool) == before, f"{refusal.__name__} left a trace"


def test_a_refused_request_key_may_be_used_again_once_the_refusal_is_lifted(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW)
    with pytest.raises(NotAuthorised):
        cast_ballot(
            CastBallot(motion.motion_id, "acme", "U0BETA1", Choice.YES, "k"), pool.uow(), NOW
        )

    recorded = cast_ballot(
        CastBallot(motion.motion_id, "acme", "U0ACME1", Choice.YES, "k"), pool.uow(), NOW
    )

    assert not recorded[0].replayed
