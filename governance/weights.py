"""``weights``: each member's share of the pool's votes, exactly, with the cap by water-filling."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from governance.charter import Basis, Member, Weights
from governance.errors import CharterError, Problem


def raw_weight(member: Member, weights: Weights) -> Fraction:
    """``base + per_unit × units``, units per ``weights.basis``."""
    units: Fraction
    if weights.basis is Basis.EQUAL:
        units = Fraction(1)
    elif weights.basis is Basis.PATENTS:
        units = Fraction(member.patents)
    else:
        units = member.contribution
    return weights.base + weights.per_unit * units


def weight_problems(members: Iterable[Member], weights: Weights) -> list[Problem]:
    """What makes shares impossible: a zero total, or a cap no split can meet."""
    register = list(members)
    problems: list[Problem] = []
    if not register:
        return [Problem("members", "the register is empty; a pool needs at least one member")]
    raws = [raw_weight(m, weights) for m in register]
    if any(r < 0 for r in raws):
        problems.append(Problem("weights", "a member's raw weight is negative"))
    if sum(raws, Fraction(0)) == 0:
        problems.append(
            Problem("weights", "the register's total raw weight is 0, so no share can be computed")
        )
    cap = weights.cap
    if cap is not None:
        if cap <= 0:
            problems.append(Problem("weights.cap", f"{cap} must be greater than 0"))
        elif cap * len(register) < 1:
            problems.append(
                Problem(
                    "weights.cap",
                    f"{cap} × {len(register)} members < 1, the cap cannot be met",
                )
            )
    return problems


def shares(members: Iterable[Member], weights: Weights) -> dict[str, Fraction]:
    """Each member's share of the whole register's weight; the shares sum to exactly 1.

    With ``weights.cap``, any member whose share would exceed the cap gets exactly the cap and the
    rest is shared among the others in proportion to their raw weights, repeated until no share
    exceeds the cap. Where the uncapped members' raw weights are all 0, the rest is split equally
    among them.
    """
    register = list(members)
    problems = weight_problems(register, weights)
    if problems:
        raise CharterError(problems)
    raws = {m.id: raw_weight(m, weights) for m in register}
    return _water_fill(raws, weights.cap)


def _water_fill(raws: Mapping[str, Fraction], cap: Fraction | None) -> dict[str, Fraction]:
    capped: set[str] = set()
    while True:
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
            return {member: result[member] for member in raws}
        capped |= over
