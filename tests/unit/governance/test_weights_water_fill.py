"""Capped weighting in one sort and one pass gives exactly what capping round by round gave.

:func:`rounds_of_capping` is the algorithm the register used before: each round a full pass
over the register, capping every share above the cap, until none is; with a cap that bites
member after member it made one round per member, quadratic in the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hypothesis import event, given, settings
from hypothesis import strategies as st

from governance.weights import _water_fill
from tests.op_count import GROWTH_ALLOWED, Operations


def rounds_of_capping(
    raws: Mapping[str, Fraction], cap: Fraction | None
) -> tuple[dict[str, Fraction], int]:
    """The shares as the old water-filling computed them, and how many rounds it took."""
    capped: set[str] = set()
    rounds = 0
    while True:
        rounds += 1
        free = [member for member in raws if member not in capped]
        remaining = 1 - (cap or Fraction(0)) * len(capped)
        free_raw = sum((raws[member] for member in free), Fraction(0))
        result: dict[str, Fraction] = {m: cap for m in capped} if cap is not None else {}
        for member in free:
            if free_raw == 0:
                result[member] = remaining / len(free)
            else:
                result[member] = remaining * raws[member] / free_raw
        over = {m for m in free if cap is not None and result[m] > cap}
        if not over:
            return {member: result[member] for member in raws}, rounds
        capped |= over


# Raw weights as registers make them: few distinct values (ties), zeros, a heavy tail.
raw_weights = st.one_of(
    st.integers(0, 5).map(Fraction),
    st.fractions(min_value=0, max_value=1000, max_denominator=7),
    st.integers(0, 30).map(lambda e: Fraction(2) ** e),
)


@st.composite
def feasible(draw: st.DrawFn) -> tuple[dict[str, Fraction], Fraction | None]:
    """A register with some weight and a cap it can meet (or none), as ``shares`` admits them."""
    values = draw(st.lists(raw_weights, min_size=1, max_size=40))
    if sum(values) == 0:
        values[draw(st.integers(0, len(values) - 1))] = Fraction(1)
    order = draw(st.permutations(range(len(values))))
    raws = {f"member-{i}": values[i] for i in order}
    n = len(raws)
    cap = draw(
        st.none()
        | st.just(Fraction(1, n))  # the tightest cap: everyone exactly 1/n
        | st.fractions(min_value=Fraction(1, n), max_value=1, max_denominator=60)
    )
    return raws, cap


@settings(max_examples=400, deadline=None)
@given(feasible())
def test_one_pass_gives_exactly_the_shares_of_round_after_round(case):
    raws, cap = case
    expected, rounds = rounds_of_capping(raws, cap)
    event(f"rounds: {min(rounds, 5)}{'+' if rounds >= 5 else ''}")
    got = _water_fill(raws, cap)
    assert got == expected
    assert list(got) == list(raws)  # in the register's order
    assert all(isinstance(share, Fraction) for share in got.values())
    assert sum(got.values()) == 1


def geometric(size: int) -> dict[str, Fraction]:
    """Each member twice as heavy as the next: a cap of 2/size caps a few more each round."""
    return {f"member-{i:05d}": Fraction(2) ** (size - i) for i in range(size)}


def test_a_cap_biting_member_after_member_took_round_after_round():
    raws = geometric(100)
    expected, rounds = rounds_of_capping(raws, Fraction(2, 100))
    assert rounds >= 10  # each a full pass: the old algorithm's quadratic case (77 at 1,000)
    assert _water_fill(raws, Fraction(2, 100)) == expected


def calls(size: int) -> int:
    raws = geometric(size)
    with Operations() as counted:
        _water_fill(raws, Fraction(2, size))
    return counted.count


def test_capping_member_after_member_is_not_quadratic():
    small, large = calls(100), calls(1000)
    assert large <= GROWTH_ALLOWED * small, (small, large)
