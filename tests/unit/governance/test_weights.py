"""``weights``: raw weights per basis, and shares with the cap by water-filling."""

from __future__ import annotations

import pytest

from governance.charter import Basis, Weights
from governance.errors import CharterError
from governance.weights import raw_weight, shares, weight_problems
from tests.unit.governance.pool import ACME, BETA, GAMMA, REGISTER, F, member


def test_equal_weights_give_every_member_the_same_share():
    assert shares(REGISTER, Weights(basis=Basis.EQUAL)) == {
        "acme": F(1, 3),
        "beta": F(1, 3),
        "gamma": F(1, 3),
    }


def test_patent_weights_follow_the_pooled_patents():
    # Acme 120, Beta 40, Gamma 40 patents: 200 in all.
    assert shares(REGISTER, Weights(basis=Basis.PATENTS)) == {
        "acme": F(3, 5),
        "beta": F(1, 5),
        "gamma": F(1, 5),
    }


def test_base_votes_are_added_before_the_patents_times_per_unit():
    weights = Weights(basis=Basis.PATENTS, base=F(10), per_unit=F(1, 2))
    # Raw: Acme 10 + 60 = 70, Beta 10 + 20 = 30, Gamma 30; 130 in all.
    assert [raw_weight(m, weights) for m in REGISTER] == [F(70), F(30), F(30)]
    assert shares(REGISTER, weights) == {"acme": F(7, 13), "beta": F(3, 13), "gamma": F(3, 13)}


def test_contribution_weights_follow_the_contribution_score():
    # Acme 7/2, Beta 1/2, Gamma 0 (the default).
    assert shares(REGISTER, Weights(basis=Basis.CONTRIBUTION)) == {
        "acme": F(7, 8),
        "beta": F(1, 8),
        "gamma": F(0),
    }


def test_contribution_weights_with_base_votes_give_a_member_without_contribution_a_say():
    weights = Weights(basis=Basis.CONTRIBUTION, base=F(1), per_unit=F(1))
    # Raw: Acme 9/2, Beta 3/2, Gamma 1; 7 in all.
    assert shares(REGISTER, weights) == {"acme": F(9, 14), "beta": F(3, 14), "gamma": F(1, 7)}


def test_equal_weights_ignore_per_unit_scale_but_not_base():
    weights = Weights(basis=Basis.EQUAL, base=F(2), per_unit=F(3))
    assert raw_weight(ACME, weights) == raw_weight(GAMMA, weights) == F(5)


def test_shares_without_a_cap_sum_to_exactly_one():
    assert sum(shares(REGISTER, Weights()).values()) == 1


def test_a_member_over_the_cap_gets_exactly_the_cap_and_the_rest_is_shared_in_proportion():
    # Acme's 3/5 is over 1/2, so Acme gets 1/2 and Beta and Gamma share the other 1/2 40:40.
    assert shares(REGISTER, Weights(cap=F(1, 2))) == {
        "acme": F(1, 2),
        "beta": F(1, 4),
        "gamma": F(1, 4),
    }


def test_a_cap_no_member_reaches_changes_nothing():
    assert shares(REGISTER, Weights(cap=F(3, 4))) == shares(REGISTER, Weights())


def test_water_filling_repeats_until_no_share_exceeds_the_cap():
    register = [member("acme", 60), member("beta", 25), member("gamma", 10), member("delta", 5)]
    # Round 1: Acme 60/100 > 3/10 is capped; Beta 1/4 is under.
    # Round 2: the other 7/10 over 40 patents lifts Beta to 7/10 × 25/40 = 7/16 > 3/10: capped.
    # Round 3: 4/10 left over Gamma 10 and Delta 5: Gamma 4/15, Delta 2/15, both under 3/10.
    assert shares(register, Weights(cap=F(3, 10))) == {
        "acme": F(3, 10),
        "beta": F(3, 10),
        "gamma": F(4, 15),
        "delta": F(2, 15),
    }


def test_a_cap_of_exactly_one_over_the_register_size_gives_everyone_the_cap():
    register = [member("acme", 90), member("beta", 5), member("gamma", 4), member("delta", 1)]
    assert set(shares(register, Weights(cap=F(1, 4))).values()) == {F(1, 4)}


def test_the_rest_is_split_equally_when_the_uncapped_members_have_no_raw_weight():
    register = [member("acme", 10), member("beta", 0), member("gamma", 0)]
    assert shares(register, Weights(cap=F(1, 2))) == {
        "acme": F(1, 2),
        "beta": F(1, 4),
        "gamma": F(1, 4),
    }


def test_a_cap_the_register_cannot_meet_is_a_charter_error():
    with pytest.raises(CharterError) as refused:
        shares(REGISTER, Weights(cap=F(1, 5)))
    assert [str(p) for p in refused.value.problems] == [
        "weights.cap: 1/5 × 3 members < 1, the cap cannot be met"
    ]


@pytest.mark.parametrize("cap", [F(0), F(-1, 2)])
def test_a_cap_of_zero_or_less_is_a_charter_error(cap):
    with pytest.raises(CharterError) as refused:
        shares(REGISTER, Weights(cap=cap))
    assert [p.path for p in refused.value.problems] == ["weights.cap"]


def test_a_register_whose_total_raw_weight_is_zero_is_a_charter_error():
    register = [member("acme", 0), member("beta", 0)]
    with pytest.raises(CharterError, match="total raw weight is 0"):
        shares(register, Weights(basis=Basis.PATENTS))


def test_an_empty_register_is_a_charter_error():
    with pytest.raises(CharterError) as refused:
        shares([], Weights())
    assert [p.path for p in refused.value.problems] == ["members"]


def test_a_negative_raw_weight_is_a_charter_error():
    with pytest.raises(CharterError, match="negative"):
        shares(REGISTER, Weights(basis=Basis.EQUAL, base=F(-2)))


def test_a_sound_weighting_has_no_problems():
    assert weight_problems([ACME, BETA, GAMMA], Weights(cap=F(1, 3))) == []
