"""The life of a motion: ballots while open, close at the deadline or once all have voted."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from governance.charter import MotionKind, Weights
from governance.electorate import freeze_electorate
from governance.errors import (
    MotionNotOpen,
    MotionNotShown,
    NotInElectorate,
    TooEarlyToClose,
    VoteChangeNotAllowed,
    VotingClosed,
)
from governance.kinds import Expulsion, General
from governance.motion import BallotEffect, CloseReason, Motion, MotionState
from governance.tally import Choice, Outcome
from tests.unit.governance.pool import DEADLINE, OPENED, REGISTER, rules

YES, NO, ABSTAIN = Choice.YES, Choice.NO, Choice.ABSTAIN
DURING = OPENED + timedelta(days=3)
AFTER = DEADLINE + timedelta(hours=1)
EVERYONE_YES = {"acme": YES, "beta": YES, "gamma": YES}


def general_motion(**rule_changes: Any) -> Motion:
    """A general resolution before Acme, Beta and Gamma, weighted by patents."""
    motion_rules = rules(**rule_changes)
    return Motion(
        id="m-1",
        kind=MotionKind.GENERAL,
        title="Adopt the 2027 budget",
        text="The pool adopts the 2027 budget as circulated.",
        payload=General(),
        rules=motion_rules,
        electorate=freeze_electorate(REGISTER, Weights(), motion_rules),
        charter_version=1,
        opened_at=OPENED,
        closes_at=DEADLINE,
        shown_at=OPENED,
    )


def expel_beta() -> Motion:
    motion_rules = rules(recuse=("subject",))
    payload = Expulsion("beta", "unpaid dues")
    return Motion(
        id="m-2",
        kind=MotionKind.EXPULSION,
        title="Expel Beta",
        text="Beta has not paid its dues for two years.",
        payload=payload,
        rules=motion_rules,
        electorate=freeze_electorate(REGISTER, Weights(), motion_rules, payload.subject),
        charter_version=1,
        opened_at=OPENED,
        closes_at=DEADLINE,
        shown_at=OPENED,
    )


# Ballots


def test_a_first_ballot_before_the_deadline_is_recorded():
    assert general_motion().check_ballot("acme", YES, None, DURING) is BallotEffect.RECORDED


def test_a_ballot_at_the_deadline_is_refused():
    with pytest.raises(VotingClosed) as refused:
        general_motion().check_ballot("acme", YES, None, DEADLINE)
    assert refused.value.closes_at == DEADLINE


def test_a_ballot_after_the_deadline_is_refused():
    with pytest.raises(VotingClosed):
        general_motion().check_ballot("acme", YES, None, AFTER)


def test_a_ballot_on_a_closed_motion_is_refused():
    closed, _ = general_motion().close(EVERYONE_YES, DURING)
    with pytest.raises(MotionNotOpen) as refused:
        closed.check_ballot("acme", NO, YES, DURING)
    assert refused.value.state == "carried"
    assert str(refused.value) == "Motion m-1 is carried; it no longer takes votes or changes."


def test_a_ballot_on_a_withdrawn_motion_is_refused():
    withdrawn = general_motion().withdraw(DURING)
    with pytest.raises(MotionNotOpen) as refused:
        withdrawn.check_ballot("acme", YES, None, DURING)
    assert refused.value.state == "withdrawn"


def test_a_changed_vote_supersedes_the_earlier_one_when_changes_are_allowed():
    motion = general_motion(allow_change=True)
    assert motion.check_ballot("acme", NO, YES, DURING) is BallotEffect.CHANGED


def test_a_changed_vote_is_refused_when_the_charter_forbids_changes():
    motion = general_motion(allow_change=False)
    with pytest.raises(VoteChangeNotAllowed) as refused:
        motion.check_ballot("acme", NO, YES, DURING)
    assert refused.value.recorded == "yes"
    assert "already voted yes" in str(refused.value)


@pytest.mark.parametrize("allow_change", [True, False])
def test_the_same_choice_again_changes_nothing(allow_change):
    motion = general_motion(allow_change=allow_change)
    assert motion.check_ballot("acme", ABSTAIN, ABSTAIN, DURING) is BallotEffect.UNCHANGED


def test_the_subject_of_an_expulsion_may_not_vote_on_it():
    with pytest.raises(NotInElectorate) as refused:
        expel_beta().check_ballot("beta", NO, None, DURING)
    assert refused.value.recused


def test_a_stranger_may_not_vote():
    with pytest.raises(NotInElectorate) as refused:
        general_motion().check_ballot("zeta", YES, None, DURING)
    assert not refused.value.recused


# Closing


def test_a_motion_stays_open_while_members_have_not_voted_before_the_deadline():
    assert general_motion().close_reason({"acme": YES}, DURING) is None


def test_a_motion_may_close_early_once_every_member_has_voted():
    assert general_motion().close_reason(EVERYONE_YES, DURING) is CloseReason.ALL_VOTED


def test_a_motion_may_close_at_the_deadline_whoever_has_voted():
    assert general_motion().close_reason({}, DEADLINE) is CloseReason.DEADLINE


def test_the_recused_need_not_vote_for_an_early_close():
    assert expel_beta().close_reason({"acme": YES, "gamma": YES}, DURING) is CloseReason.ALL_VOTED


def test_a_closed_motion_gives_no_reason_to_close_again():
    closed, _ = general_motion().close(EVERYONE_YES, DURING)
    assert closed.close_reason(EVERYONE_YES, AFTER) is None


def test_closing_early_when_all_voted_counts_and_records_the_outcome():
    motion = general_motion()
    closed, tally = motion.close({"acme": YES, "beta": NO, "gamma": NO}, DURING)
    assert tally.outcome is Outcome.CARRIED
    assert closed.state is MotionState.CARRIED
    assert closed.closed_at == DURING
    assert motion.state is MotionState.OPEN  # the motion is a value; closing returns a new one


def test_closing_before_the_deadline_with_members_yet_to_vote_is_too_early():
    with pytest.raises(TooEarlyToClose) as refused:
        general_motion().close({"acme": YES}, DURING)
    assert refused.value.not_voted == 2
    assert "2 member(s) have not voted yet" in str(refused.value)


@pytest.mark.parametrize(
    ("ballots", "state"),
    [
        ({"acme": YES}, MotionState.CARRIED),  # Acme's 3/5 meets the 1/2 quorum
        ({"acme": NO}, MotionState.FAILED),
        ({"beta": YES}, MotionState.NO_QUORUM),
    ],
)
def test_closing_at_the_deadline_records_each_outcome(ballots, state):
    closed, _ = general_motion().close(ballots, AFTER)
    assert closed.state is state
    assert closed.closed_at == AFTER
    assert not closed.is_open


def test_a_closed_motion_cannot_be_closed_again():
    closed, _ = general_motion().close(EVERYONE_YES, DURING)
    with pytest.raises(MotionNotOpen):
        closed.close(EVERYONE_YES, AFTER)


# Withdrawal


def test_the_operator_may_withdraw_an_open_motion():
    withdrawn = general_motion().withdraw(DURING)
    assert withdrawn.state is MotionState.WITHDRAWN
    assert withdrawn.closed_at == DURING


def test_a_withdrawn_motion_cannot_be_withdrawn_or_closed():
    withdrawn = general_motion().withdraw(DURING)
    with pytest.raises(MotionNotOpen):
        withdrawn.withdraw(DURING)
    with pytest.raises(MotionNotOpen):
        withdrawn.close(EVERYONE_YES, AFTER)


def test_a_closed_motion_cannot_be_withdrawn():
    closed, _ = general_motion().close(EVERYONE_YES, DURING)
    with pytest.raises(MotionNotOpen):
        closed.withdraw(DURING)


@pytest.mark.parametrize("when", [DEADLINE, AFTER])
def test_a_motion_past_its_deadline_cannot_be_withdrawn_before_the_closing_job_counts_it(when):
    # Was: withdraw() only checked the state, so the operator could erase a vote already taken.
    with pytest.raises(VotingClosed):
        general_motion().withdraw(when)


def test_a_motion_not_yet_shown_takes_no_ballot_and_does_not_close() -> None:
    unshown = replace(general_motion(), shown_at=None)
    with pytest.raises(MotionNotShown, match="not yet shown"):
        unshown.check_ballot("acme", YES, None, OPENED + timedelta(hours=1))
    assert unshown.close_reason({}, AFTER) is None
    with pytest.raises(MotionNotShown):
        unshown.close(EVERYONE_YES, AFTER)


def test_a_motion_shown_late_runs_its_whole_period_from_when_it_was_shown() -> None:
    period = DEADLINE - OPENED
    unshown = replace(general_motion(), shown_at=None)
    shown = unshown.show(AFTER)
    assert (shown.shown_at, shown.closes_at) == (AFTER, AFTER + period)
    assert shown.check_ballot("acme", YES, None, AFTER + period / 2) is BallotEffect.RECORDED
    assert shown.show(AFTER + period) == shown  # shown once: the period does not move again


def test_a_motion_never_shown_may_be_withdrawn_after_its_planned_deadline() -> None:
    unshown = replace(general_motion(), shown_at=None)
    assert unshown.withdraw(AFTER).state is MotionState.WITHDRAWN
    with pytest.raises(VotingClosed):
        general_motion().withdraw(AFTER)
