"""Properties of shares: they sum to one, respect the cap, and stay proportional where uncapped."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from governance.charter import Basis, Member, Weights
from governance.errors import CharterError
from governance.weights import raw_weight, shares

PROPERTY = settings(max_examples=200, deadline=None)


@st.composite
def registers(draw: st.DrawFn, min_size: int = 1) -> list[Member]:
    size = draw(st.integers(min_size, 8))
    return [
        Member(
            id=f"member-{index}",
            name=f"Member {index}",
            patents=draw(st.integers(0, 300)),
            contribution=draw(st.fractions(min_value=0, max_value=20, max_denominator=4)),
        )
        for index in range(size)
    ]


weightings = st.builds(
    Weights,
    basis=st.sampled_from(Basis),
    base=st.sampled_from([Fraction(0), Fraction(1), Fraction(5, 2)]),
    per_unit=st.sampled_from([Fraction(1), Fraction(1, 3), Fraction(2)]),
)


def has_weight(register: list[Member], weights: Weights) -> bool:
    return sum(raw_weight(m, weights) for m in register) > 0


@PROPERTY
@given(registers(), weightings, st.fractions(min_value=0, max_value=1, max_denominator=12))
def test_feasible_shares_sum_to_exactly_one_and_none_exceeds_the_cap(register, weights, cap):
    weights = Weights(weights.basis, weights.base, weights.per_unit, cap)
    if cap == 0 or cap * len(register) < 1 or not has_weight(register, weights):
        with pytest.raises(CharterError):
            shares(register, weights)
        return
    result = shares(register, weights)
    assert sum(result.values()) == 1
    assert all(0 <= share <= cap for share in result.values())
    assert list(result) == [m.id for m in register]


@PROPERTY
@given(registers(), weightings)
def test_without_a_cap_shares_are_raw_weights_over_the_total(register, weights):
    if not has_weight(register, weights):
        return
    raws = {m.id: raw_weight(m, weights) for m in register}
    total = sum(raws.values())
    assert shares(register, weights) == {m: raw / total for m, raw in raws.items()}


@PROPERTY
@given(registers(min_size=2), weightings, st.fractions(0, 1, max_denominator=6))
def test_water_filling_keeps_uncapped_members_in_proportion_and_order(register, weights, slack):
    floor = Fraction(1, len(register))  # the lowest cap the register can meet
    cap = floor + slack * slack * (1 - floor)  # squared: low caps, which bite, come up more
    weights = Weights(weights.basis, weights.base, weights.per_unit, cap)
    assume(has_weight(register, weights))
    result = shares(register, weights)
    event(f"{sum(1 for share in result.values() if share == cap)} member(s) at the cap")
    raws = {m.id: raw_weight(m, weights) for m in register}
    under = [m for m in result if result[m] < cap]
    # Members below the cap split what the capped left in proportion to their raw weights.
    for a in under:
        for b in under:
            assert result[a] * raws[b] == result[b] * raws[a] or sum(raws[m] for m in under) == 0
    # Nobody with more raw weight ends up with a smaller share.
    for a in result:
        for b in result:
            if raws[a] > raws[b]:
                assert result[a] >= result[b]
    # A member is held at the cap only if its uncapped share would have exceeded it.
    total = sum(raws.values())
    for m in result:
        if result[m] < raws[m] / total:
            assert result[m] == cap
