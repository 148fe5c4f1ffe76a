"""Many ballots in one transaction: each answered as if cast alone, in order, refusals traceless."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.errors import GovernanceError, NotAuthorised, VoteChangeNotAllowed
from governance.events import BallotRecorded
from governance.motion import BallotEffect
from governance.services import cast_ballots
from governance.services.queries import get_motion, member_ballots
from governance.tally import Choice
from storage.audit.verify import verify_database
from storage.tables import AuditEntryRow, BallotRow, ProcessedRequestRow
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import every_row, open_kind, record_is_clean, vote
from tests.integration.test_ballots import refusals

LATER = NOW + timedelta(hours=1)


def ballot(motion: str, member: str, choice: Choice, key: str, n: int = 1) -> CastBallot:
    return CastBallot(motion, member, f"U0{member.upper()}{n}", choice, key)


def recorded(outcome: list[BallotRecorded] | GovernanceError) -> BallotRecorded:
    assert not isinstance(outcome, GovernanceError), outcome
    (event,) = outcome
    return event


def count(pool, table) -> int:
    with pool.reader() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_refused_ballot_in_a_batch_leaves_no_trace_and_the_others_are_recorded(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    entries = count(pool, AuditEntryRow)

    outcomes = cast_ballots(
        [
            ballot(motion, "acme", Choice.YES, "a"),
            CastBallot(motion, "beta", "U0ACME1", Choice.NO, "b"),  # acme's person, beta's vote
            ballot(motion, "gamma", Choice.NO, "c"),
        ],
        pool.uow(),
        LATER,
    )

    assert recorded(outcomes[0]).effect is BallotEffect.RECORDED
    assert isinstance(outcomes[1], NotAuthorised)
    assert recorded(outcomes[2]).effect is BallotEffect.RECORDED
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES, "gamma": Choice.NO}
    assert count(pool, AuditEntryRow) == entries + 2
    with pool.reader() as uow:
        keys = set(uow.session.scalars(select(ProcessedRequestRow.key)))
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))
    assert {"a", "c"} <= keys
    assert "b" not in keys


def test_every_refusal_in_a_batch_gets_its_own_answer_and_writes_nothing(pool):
    cases = refusals(pool)
    before = every_row(pool)

    for when in sorted({when for _, when, _ in cases}):
        batch = [(command, refusal) for command, at, refusal in cases if at == when]
        outcomes = cast_ballots([command for command, _ in batch], pool.uow(), when)
        for (command, refusal), outcome in zip(batch, outcomes, strict=True):
            assert isinstance(outcome, refusal), command

    assert every_row(pool) == before


def test_two_ballots_for_one_member_in_a_batch_count_in_order(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id

    first, second = cast_ballots(
        [
            ballot(motion, "acme", Choice.YES, "from-1"),
            ballot(motion, "acme", Choice.NO, "from-2", n=2),
        ],
        pool.uow(),
        LATER,
    )

    assert recorded(first).effect is BallotEffect.RECORDED
    assert recorded(second).effect is BallotEffect.CHANGED
    assert recorded(second).receipt != recorded(first).receipt
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.NO}
    history = member_ballots(pool.reader(), "acme")
    assert [(b.choice, b.superseded_at is None) for b in history] == [
        (Choice.NO, True),
        (Choice.YES, False),
    ]


def test_a_change_the_charter_forbids_is_refused_inside_the_batch(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id  # allow_change: false

    first, second = cast_ballots(
        [ballot(motion, "acme", Choice.YES, "g-1"), ballot(motion, "acme", Choice.NO, "g-2", 2)],
        pool.uow(),
        LATER,
    )

    assert recorded(first).effect is BallotEffect.RECORDED
    assert isinstance(second, VoteChangeNotAllowed)
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES}


def test_a_key_repeated_in_a_batch_or_after_it_is_answered_as_a_replay(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    earlier = vote(pool, motion, "beta", Choice.NO, NOW, key="old-click")

    first, again, old = cast_ballots(
        [
            ballot(motion, "acme", Choice.YES, "click"),
            ballot(motion, "acme", Choice.YES, "click"),
            ballot(motion, "beta", Choice.YES, "old-click"),
        ],
        pool.uow(),
        LATER,
    )

    assert not recorded(first).replayed
    assert recorded(again).replayed
    assert recorded(again).receipt == recorded(first).receipt
    assert recorded(old).replayed
    assert (recorded(old).receipt, recorded(old).choice) == (earlier.receipt, Choice.NO)
    assert count(pool, BallotRow) == 2


def test_a_key_whose_first_use_was_refused_is_recorded_later_in_the_same_batch(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id

    refused, taken = cast_ballots(
        [
            CastBallot(motion, "acme", "U0BETA1", Choice.YES, "k"),
            ballot(motion, "acme", Choice.YES, "k"),
        ],
        pool.uow(),
        LATER,
    )

    assert isinstance(refused, NotAuthorised)
    assert not recorded(taken).replayed


def test_the_ballot_that_completes_the_electorate_says_so(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    members = ["acme", "beta", "gamma", "delta"]

    outcomes = cast_ballots(
        [ballot(motion, m, Choice.YES, f"all-{m}") for m in members]
        + [ballot(motion, "acme", Choice.NO, "all-again")],
        pool.uow(),
        LATER,
    )

    assert [recorded(o).everyone_voted for o in outcomes] == [False, False, False, True, True]


def test_a_member_changing_twice_in_one_batch_leaves_every_ballot_and_a_whole_chain(pool):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id

    outcomes = cast_ballots(
        [
            ballot(motion, "acme", Choice.YES, "t-1"),
            ballot(motion, "beta", Choice.NO, "t-2"),
            ballot(motion, "acme", Choice.NO, "t-3", n=2),
            ballot(motion, "acme", Choice.YES, "t-4"),
        ],
        pool.uow(),
        LATER,
    )

    effects = [recorded(o).effect for o in outcomes]
    assert effects == [BallotEffect.RECORDED, BallotEffect.RECORDED] + [BallotEffect.CHANGED] * 2
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES, "beta": Choice.NO}
    history = member_ballots(pool.reader(), "acme")
    assert sorted((b.receipt, b.superseded_at is None) for b in history) == sorted(
        (recorded(o).receipt, o is outcomes[3]) for o in (outcomes[0], outcomes[2], outcomes[3])
    )
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))
