"""``weights``: each member's share of the pool's votes, exactly, with the cap by water-filling."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from governance.charter import Basis, Member, Weights
from governance.errors import CharterError, Problem
from governance.phrases import Phrase
from governance.texts import N_


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
        return [
            Problem(
                "members",
                Phrase(N_("the register is empty; a pool needs at least one member")),
            )
        ]
    raws = [raw_weight(m, weights) for m in register]
    if any(r < 0 for r in raws):
        problems.append(Problem("weights", Phrase(N_("a member's raw weight is negative"))))
    if sum(raws, Fraction(0)) == 0:
        problems.append(
            Problem(
                "weights",
                Phrase(N_("the register's total raw weight is 0, so no share can be computed")),
            )
        )
    cap = weights.cap
    if cap is not None:
        if cap <= 0:
            problems.append(
                Problem("weights.cap", Phrase(N_("{cap} must be greater than 0"), cap=cap))
            )
        elif cap * len(register) < 1:
            problems.append(
                Problem(
                    "weights.cap",
                    Phrase(
                        N_("{cap} × {members} members < 1, the cap cannot be met"),
                        cap=cap,
                        members=len(register),
                    ),
                )
            )
    return problems


def shares(members: Iterable[Member], weights: Weights) -> dict[str, Fraction]:
    """Each member's share of the whole register's weight; the shares sum to exactly 1.

    With ``weights.cap``, any member whose share would exceed the cap gets exactly the cap and the
    rest is shared among the others in proportion to their raw weights, repeated until no share
    exceeds the cap (found in one sort and one pass, see :func:`_water_fill`). Where the uncapped
    members' raw weights are all 0, the rest is split equally among them.
    """
    register = list(members)
    problems = weight_problems(register, weights)
    if problems:
        raise CharterError(problems)
    raws = {m.id: raw_weight(m, weights) for m in register}
    return _water_fill(raws, weights.cap)


def _water_fill(raws: Mapping[str, Fraction], cap: Fraction | None) -> dict[str, Fraction]:
    """The shares, capped members first: O(n log n), one sort and one pass.

    Repeatedly capping every share above the cap (and sharing the rest among the others in
    proportion) caps exactly the heaviest members: capping one whose share exceeds the cap only
    raises the others' rate, so the members capped in the end are the longest run of heaviest
    members each of which, with the ones before it capped, would still get more than the cap.
    Walking the members from the heaviest down finds that run; equal raw weights get equal shares,
    so a run never ends inside a tie.
    """
    total = sum(raws.values(), Fraction(0))
    remaining, free_raw, free = Fraction(1), total, len(raws)
    capped: set[str] = set()
    if cap is not None:
        for member in sorted(raws, key=raws.__getitem__, reverse=True):
            raw = raws[member]
            over = remaining * raw > cap * free_raw if free_raw else remaining > cap * free
            if not over:
                break
            capped.add(member)
            remaining -= cap
            free_raw -= raw
            free -= 1
    result: dict[str, Fraction] = {}
    for member, raw in raws.items():
        if cap is not None and member in capped:
            result[member] = cap
        elif free_raw == 0:
            result[member] = remaining / free
        else:
            result[member] = remaining * raw / free_raw
    return result
