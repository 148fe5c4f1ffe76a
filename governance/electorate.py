"""The electorate of a motion: who may vote and how much each vote weighs, frozen at opening."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from governance.charter import Member, MotionRules, Weights
from governance.errors import UnknownMember
from governance.weights import shares


@dataclass(frozen=True)
class Electorate:
    """The snapshot a motion keeps from opening to the end.

    ``weights`` are every register member's share of the whole register (summing to 1), frozen;
    ``members`` are those who may vote (the register less the recused), in register order.
    """

    weights: Mapping[str, Fraction]
    members: tuple[str, ...]
    recused: tuple[str, ...] = ()

    @property
    def eligible_weight(self) -> Fraction:
        return sum((self.weights[m] for m in self.members), Fraction(0))

    @property
    def size(self) -> int:
        return len(self.members)

    def weight_of(self, member_id: str) -> Fraction:
        return self.weights[member_id]

    @cached_property
    def _eligible(self) -> frozenset[str]:
        return frozenset(self.members)

    def __contains__(self, member_id: object) -> bool:
        """May ``member_id`` vote: a set lookup, so a tally over the register stays linear."""
        return member_id in self._eligible


def freeze_electorate(
    register: Iterable[Member],
    weights: Weights,
    rules: MotionRules,
    subject: str | None = None,
) -> Electorate:
    """Every member in the register when the motion opens, less the recused.

    ``recuse: [subject]`` takes out the member the motion is about (an expulsion's target, a
    withdrawing member). An applicant is not yet a member, so nobody is recused for it.
    """
    members = list(register)
    frozen = shares(members, weights)
    recused: tuple[str, ...] = ()
    if rules.recuses_subject and subject is not None and subject in frozen:
        recused = (subject,)
    return Electorate(
        weights=dict(frozen),
        members=tuple(m.id for m in members if m.id not in recused),
        recused=recused,
    )


def require_member(register: Iterable[Member], member_id: str) -> Member:
    for member in register:
        if member.id == member_id:
            return member
    raise UnknownMember(member_id)
