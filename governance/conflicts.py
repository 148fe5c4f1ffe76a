"""Declared conflicts of interest: who leaves a motion's electorate, and why (``recuse``).

A declaration is recorded on an open motion. Where the kind's rule lists ``declared`` in
``recuse``, the member leaves the electorate until the close: its frozen weight leaves the
eligible base, and a ballot it cast is set aside (kept, never deleted, and not counted). Where the
rule does not list it, the declaration is only recorded and shown next to the member's ballot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from governance.charter import RECUSE_SUBJECT, MotionRules
from governance.electorate import Electorate
from governance.errors import Facts, GovernanceError, MotionError
from governance.tally import Choice
from governance.texts import N_


@dataclass(frozen=True)
class Declaration:
    """A member's declared conflict of interest on a motion."""

    motion_id: str
    member_id: str
    reason: str
    declared_by: str
    declared_at: datetime
    #: the operator recorded it for the member (rather than one of its representatives)
    by_operator: bool = False


class ConflictAlreadyDeclared(GovernanceError):
    """A member declares one conflict per motion."""

    def __init__(self, motion_id: str, member_id: str) -> None:
        super().__init__(motion_id, member_id)
        self.motion_id = motion_id
        self.member_id = member_id

    def refusal(self) -> tuple[str, Facts]:
        facts: Facts = {"member": self.member_id, "motion": self.motion_id}
        return N_("{member} has already declared a conflict of interest on motion {motion}."), facts


class RecusedByDeclaration(MotionError):
    """A ballot for a member that a declared conflict took out of the electorate."""

    def __init__(self, motion_id: str, member_id: str) -> None:
        super().__init__(motion_id)
        self.member_id = member_id

    def refusal(self) -> tuple[str, Facts]:
        facts: Facts = {"member": self.member_id, "motion": self.motion_id}
        return N_(
            "{member} declared a conflict of interest on motion {motion} "
            "and is recused from it until the close."
        ), facts


def declared_recusals(rules: MotionRules, declarations: Iterable[Declaration]) -> dict[str, str]:
    """Member → reason, for the declarations that take a member out under ``rules``."""
    if not rules.recuses_declared:
        return {}
    return {d.member_id: d.reason for d in declarations}


def without_declared(electorate: Electorate, recusals: Mapping[str, str]) -> Electorate:
    """The frozen electorate less the members recused by a declaration (weights unchanged)."""
    leaving = [m for m in electorate.members if m in recusals]
    if not leaving:
        return electorate
    gone = frozenset(leaving)
    return replace(
        electorate,
        members=tuple(m for m in electorate.members if m not in gone),
        recused=(*electorate.recused, *leaving),
    )


def set_aside(
    ballots: Mapping[str, Choice], electorate: Electorate
) -> tuple[dict[str, Choice], tuple[str, ...]]:
    """The ballots that count, and the members whose ballots are set aside (recused since)."""
    counted = {m: c for m, c in ballots.items() if m in electorate}
    aside = tuple(m for m in ballots if m not in electorate)
    return counted, aside


def recusal_reasons(
    electorate: Electorate, subject: str | None, recusals: Mapping[str, str]
) -> dict[str, str]:
    """Each recused member with why: ``subject`` or the declared reason."""
    reasons: dict[str, str] = {}
    for member in electorate.recused:
        if member in recusals:
            reasons[member] = recusals[member]
        elif member == subject:
            reasons[member] = RECUSE_SUBJECT
    return reasons
