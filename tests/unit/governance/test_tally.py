"""Counting a motion: CHARTER.md's five steps, one rule per test.

Unless a test says otherwise the electorate is Acme 1/2, Beta 3/10 and Gamma 1/5, and the rules are
``motions.default``: quorum 1/2, threshold 1/2 of the votes cast, more than.
"""

from __future__ import annotations

import pytest

from governance.charter import ThresholdOf, ThresholdRule
from governance.errors import NotInElectorate
from governance.tally import Choice, Outcome, Totals, count
from tests.unit.governance.pool import ACME_BETA_GAMMA, F, electorate, rules

YES, NO, ABSTAIN = Choice.YES, Choice.NO, Choice.ABSTAIN
POOL = electorate(ACME_BETA_GAMMA)
MORE_THAN, AT_LEAST = ThresholdRule.MORE_THAN, ThresholdRule.AT_LEAST
CAST, PRESENT, ELIGIBLE = ThresholdOf.CAST, ThresholdOf.PRESENT, ThresholdOf.ELIGIBLE


def test_a_clear_majority_carries():
    tally = count(POOL, {"acme": YES, "beta": YES, "gamma": NO}, rules())
    assert tally.outcome is Outcome.CARRIED
    assert (tally.quorum_met, tally.weight_test_met, tally.member_test_met) == (True, True, True)


def test_the_tally_reports_weight_totals_and_head_counts():
    tally = count(POOL, {"acme": YES, "beta": ABSTAIN}, rules())
    assert tally.totals == Totals(
        yes=F(1, 2), no=F(0), abstain=F(3, 10), not_voted=F(1, 5), eligible=F(1)
    )
    assert tally.members == Totals(yes=F(1), no=F(0), abstain=F(1), not_voted=F(1), eligible=F(3))
    assert tally.electorate == ("acme", "beta", "gamma")
    assert tally.choices == {"acme": YES, "beta": ABSTAIN}


# Step 1: quorum


def test_participation_exactly_at_the_quorum_meets_it():
    # Beta 3/10 + Gamma 1/5 = 1/2 take part; quorum 1/2.
    tally = count(POOL, {"beta": YES, "gamma": ABSTAIN}, rules(quorum=F(1, 2)))
    assert tally.quorum_met
    assert tally.quorum_weight_required == F(1, 2)
    assert tally.outcome is Outcome.CARRIED


def test_participation_below_the_quorum_weight_is_no_quorum():
    tally = count(POOL, {"beta": YES, "gamma": YES}, rules(quorum=F(3, 5)))
    assert not tally.quorum_met
    assert tally.outcome is Outcome.NO_QUORUM


def test_abstentions_count_towards_the_quorum():
    tally = count(POOL, {"acme": ABSTAIN, "beta": YES}, rules(quorum=F(4, 5)))
    assert tally.quorum_met


def test_enough_weight_from_too_few_members_is_no_quorum_by_head_count():
    # Acme alone holds the 1/2 quorum by weight, but 1 of 3 members < 1/2 × 3.
    tally = count(POOL, {"acme": YES}, rules(quorum=F(1, 2), quorum_members=F(1, 2)))
    assert tally.quorum_members_required == F(3, 2)
    assert tally.outcome is Outcome.NO_QUORUM


def test_a_head_count_quorum_exactly_met_is_met():
    tally = count(POOL, {"acme": YES}, rules(quorum=F(1, 2), quorum_members=F(1, 3)))
    assert tally.outcome is Outcome.CARRIED


def test_no_quorum_is_reported_even_when_every_vote_cast_was_yes():
    tally = count(POOL, {"gamma": YES}, rules())
    assert tally.weight_test_met
    assert tally.outcome is Outcome.NO_QUORUM


# Step 2: the weight test


# Beta yes 3/10, Gamma no 1/5, Acme abstains 1/2: cast 1/2, present 1, eligible 1.
ABSTAINING_ACME = {"acme": ABSTAIN, "beta": YES, "gamma": NO}
# Beta yes 3/10, Gamma abstains 1/5, Acme does not vote: cast 3/10, present 1/2, eligible 1.
SILENT_ACME = {"beta": YES, "gamma": ABSTAIN}


@pytest.mark.parametrize(
    ("ballots", "threshold_of", "base", "met"),
    [
        (ABSTAINING_ACME, CAST, F(1, 2), True),
        (ABSTAINING_ACME, PRESENT, F(1), False),
        (ABSTAINING_ACME, ELIGIBLE, F(1), False),
        (SILENT_ACME, CAST, F(3, 10), True),
        (SILENT_ACME, PRESENT, F(1, 2), True),
        (SILENT_ACME, ELIGIBLE, F(1), False),
    ],
)
@pytest.mark.parametrize("rule", [MORE_THAN, AT_LEAST])
def test_the_weight_test_compares_yes_with_the_threshold_of_its_base(
    ballots, threshold_of, base, met, rule
):
    tally = count(POOL, ballots, rules(threshold_of=threshold_of, threshold_rule=rule))
    assert tally.threshold_base == base
    assert tally.threshold_required == base / 2
    assert tally.weight_test_met is met
    assert tally.outcome is (Outcome.CARRIED if met else Outcome.FAILED)


# Each of these is a tie: yes is exactly half its base.
TIES = [
    (CAST, {"acme": YES, "beta": NO, "gamma": NO}),
    (PRESENT, {"acme": YES, "beta": NO, "gamma": ABSTAIN}),
    (ELIGIBLE, {"acme": YES}),
]


@pytest.mark.parametrize(("threshold_of", "ballots"), TIES)
def test_a_tie_fails_under_more_than(threshold_of, ballots):
    tally = count(POOL, ballots, rules(threshold_of=threshold_of, threshold_rule=MORE_THAN))
    assert tally.totals.yes == tally.threshold_required
    assert tally.outcome is Outcome.FAILED


@pytest.mark.parametrize(("threshold_of", "ballots"), TIES)
def test_a_tie_carries_under_at_least(threshold_of, ballots):
    tally = count(POOL, ballots, rules(threshold_of=threshold_of, threshold_rule=AT_LEAST))
    assert tally.totals.yes == tally.threshold_required
    assert tally.outcome is Outcome.CARRIED


def test_a_two_thirds_threshold_is_compared_exactly():
    # Acme 1/2 + Gamma 1/5 = 7/10 yes of 1 cast: 7/10 ≥ 2/3.
    ballots = {"acme": YES, "beta": NO, "gamma": YES}
    assert count(POOL, ballots, rules(threshold=F(2, 3))).outcome is Outcome.CARRIED
    assert count(POOL, ballots, rules(threshold=F(71, 100))).outcome is Outcome.FAILED


def test_when_everyone_abstains_the_cast_test_fails_even_under_at_least():
    # 0 ≥ 1/2 × 0 would pass; the charter says it fails.
    ballots = {"acme": ABSTAIN, "beta": ABSTAIN, "gamma": ABSTAIN}
    tally = count(POOL, ballots, rules(threshold_rule=AT_LEAST))
    assert tally.quorum_met
    assert not tally.weight_test_met
    assert tally.outcome is Outcome.FAILED


def test_when_only_zero_weight_members_vote_the_cast_test_fails():
    pool = electorate({"acme": F(1), "beta": F(0)})
    tally = count(pool, {"acme": ABSTAIN, "beta": NO}, rules(threshold_rule=AT_LEAST))
    assert tally.outcome is Outcome.FAILED


# Step 3: the member test (double majority)


def test_a_weight_majority_from_too_few_members_fails_the_member_test():
    # Acme's 1/2 against 1/2 passes at_least; but 1 yes < 1/2 × 3 members.
    ballots = {"acme": YES, "beta": NO, "gamma": NO}
    tally = count(POOL, ballots, rules(threshold_rule=AT_LEAST, member_threshold=F(1, 2)))
    assert tally.weight_test_met
    assert not tally.member_test_met
    assert tally.member_yes_required == F(3, 2)
    assert tally.outcome is Outcome.FAILED


def test_a_member_majority_without_the_weight_fails_the_weight_test():
    ballots = {"acme": NO, "beta": YES, "gamma": YES}
    tally = count(POOL, ballots, rules(member_threshold=F(1, 2)))
    assert tally.member_test_met
    assert not tally.weight_test_met
    assert tally.outcome is Outcome.FAILED


def test_a_double_majority_carries():
    ballots = {"acme": YES, "beta": YES, "gamma": NO}
    tally = count(POOL, ballots, rules(member_threshold=F(2, 3)))
    assert tally.outcome is Outcome.CARRIED


def test_the_member_test_counts_yes_against_the_whole_electorate_not_the_voters():
    tally = count(POOL, {"acme": YES, "beta": YES}, rules(member_threshold=F(1)))
    assert tally.outcome is Outcome.FAILED


def test_without_a_member_threshold_the_member_test_is_met():
    tally = count(POOL, {"acme": YES, "beta": NO}, rules(member_threshold=F(0)))
    assert tally.member_test_met


# Step 4: the blocking minority


def test_too_few_members_against_cannot_block_and_the_weight_test_is_deemed_met():
    # Beta and Gamma (1/2) yes against Acme (1/2): below 2/3, but only Acme is not yes, and a
    # blocking minority needs 2 members.
    ballots = {"acme": NO, "beta": YES, "gamma": YES}
    tally = count(POOL, ballots, rules(threshold=F(2, 3), blocking_minority_members=2))
    assert tally.blocking_minority_applied
    assert tally.weight_test_met
    assert tally.outcome is Outcome.CARRIED


def test_enough_members_against_form_a_blocking_minority():
    ballots = {"acme": NO, "beta": YES, "gamma": YES}
    tally = count(POOL, ballots, rules(threshold=F(2, 3), blocking_minority_members=1))
    assert not tally.blocking_minority_applied
    assert tally.outcome is Outcome.FAILED


def test_members_abstaining_or_not_voting_count_towards_a_blocking_minority():
    # Acme's 1/2 is short of 3/4 of the 4/5 present; Beta abstains and Gamma is silent: two.
    ballots = {"acme": YES, "beta": ABSTAIN}
    blocking = rules(threshold=F(3, 4), threshold_of=PRESENT, blocking_minority_members=2)
    tally = count(POOL, ballots, blocking)
    assert not tally.blocking_minority_applied
    assert tally.outcome is Outcome.FAILED


def test_the_blocking_minority_does_not_rescue_a_failed_member_test():
    ballots = {"acme": NO, "beta": YES, "gamma": YES}
    tally = count(
        POOL,
        ballots,
        rules(threshold=F(2, 3), blocking_minority_members=2, member_threshold=F(1)),
    )
    assert tally.weight_test_met
    assert tally.outcome is Outcome.FAILED


def test_the_blocking_minority_does_not_rescue_a_missing_quorum():
    tally = count(POOL, {"gamma": YES}, rules(threshold=F(2, 3), blocking_minority_members=3))
    assert tally.outcome is Outcome.NO_QUORUM


def test_the_blocking_minority_is_reported_only_when_it_changed_the_weight_test():
    ballots = {"acme": YES, "beta": YES, "gamma": YES}
    tally = count(POOL, ballots, rules(blocking_minority_members=2))
    assert tally.weight_test_met
    assert not tally.blocking_minority_applied


# Who may be counted


def test_a_ballot_from_a_recused_member_is_refused():
    recused_beta = electorate(ACME_BETA_GAMMA, recused=("beta",))
    with pytest.raises(NotInElectorate) as refused:
        count(recused_beta, {"acme": YES, "beta": NO}, rules(), motion_id="m-7")
    assert (refused.value.member_id, refused.value.recused) == ("beta", True)
    assert str(refused.value) == ("beta is recused from motion m-7 because the motion concerns it.")


def test_a_ballot_from_an_unknown_member_is_refused():
    with pytest.raises(NotInElectorate) as refused:
        count(POOL, {"zeta": YES}, rules(), motion_id="m-7")
    assert (refused.value.member_id, refused.value.recused) == ("zeta", False)


def test_a_recused_members_weight_is_left_out_of_the_eligible_weight():
    recused_acme = electorate(ACME_BETA_GAMMA, recused=("acme",))
    tally = count(recused_acme, {"beta": YES, "gamma": NO}, rules(threshold_of=ELIGIBLE))
    assert tally.totals.eligible == F(1, 2)
    assert tally.threshold_required == F(1, 4)
    assert tally.outcome is Outcome.CARRIED


def test_ballots_given_as_plain_strings_count_like_choices():
    tally = count(POOL, {"acme": "yes", "beta": "no"}, rules())  # type: ignore[dict-item]
    assert tally.totals.yes == F(1, 2)
    assert tally.outcome is Outcome.CARRIED
