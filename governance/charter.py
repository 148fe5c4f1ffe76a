"""The charter as the bot enforces it: frozen values, one per section of ``charter.yaml``.

Reading YAML happens at the edge (``bot/charter_file.py``); this module holds the rules once read,
with every rational a ``Fraction``, every duration a ``timedelta`` and the zone a ``ZoneInfo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

from governance.action_rules import ActionRules
from governance.bilingual import DEFAULT_LANGUAGE, Bilingual, keep_versions
from governance.texts import N_

DEFAULT_COMPETITION_NOTICE = N_(
    "Competition-law notice: the members of this pool are competitors. Discuss only the pool's "
    "licensing programme and governance. Do not discuss individual prices, output, customers, "
    "bids or market plans, or anything else outside the pool's licensing programme. If such a "
    "topic comes up, object, ask that the objection be minuted, and leave the meeting if it "
    "goes on."
)


class MotionKind(StrEnum):
    """``motions.<kind>``: the decisions the pool takes by vote."""

    ADMISSION = "admission"
    WITHDRAWAL = "withdrawal"
    EXPULSION = "expulsion"
    FEE_CHANGE = "fee_change"
    DISTRIBUTION_CHANGE = "distribution_change"
    CHARTER_AMENDMENT = "charter_amendment"
    GENERAL = "general"
    MINUTES_APPROVAL = "minutes_approval"


class Basis(StrEnum):
    """``weights.basis``."""

    EQUAL = "equal"
    PATENTS = "patents"
    CONTRIBUTION = "contribution"


class ThresholdOf(StrEnum):
    """``threshold_of``: what the threshold is a share of."""

    CAST = "cast"
    PRESENT = "present"
    ELIGIBLE = "eligible"


class ThresholdRule(StrEnum):
    """``threshold_rule``: strictly more than, or at least."""

    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


RECUSE_SUBJECT = "subject"
#: a member that declared a conflict of interest on the motion leaves its electorate until close
RECUSE_DECLARED = "declared"
RECUSALS = (RECUSE_SUBJECT, RECUSE_DECLARED)


@dataclass(frozen=True)
class Pool:
    name: str
    timezone: ZoneInfo
    #: ``pool.language``: the catalog of channel posts (``en`` or ``zh_Hans``), an extension
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Operator:
    name: str
    users: tuple[str, ...]


@dataclass(frozen=True)
class Supervisors:
    users: tuple[str, ...]
    channel: str | None = None


@dataclass(frozen=True)
class Member:
    """One entry of the register (``members[]``)."""

    id: str
    name: str
    patents: int
    contribution: Fraction = Fraction(0)
    representatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Weights:
    """``weights``: how much each member's vote counts."""

    basis: Basis = Basis.PATENTS
    base: Fraction = Fraction(0)
    per_unit: Fraction = Fraction(1)
    cap: Fraction | None = None


@dataclass(frozen=True)
class MotionRules:
    """``motions.default`` merged with ``motions.<kind>``."""

    voting_period: timedelta = timedelta(days=7)
    quorum: Fraction = Fraction(1, 2)
    quorum_members: Fraction = Fraction(0)
    threshold: Fraction = Fraction(1, 2)
    threshold_of: ThresholdOf = ThresholdOf.CAST
    threshold_rule: ThresholdRule = ThresholdRule.MORE_THAN
    member_threshold: Fraction = Fraction(0)
    blocking_minority_members: int = 0
    recuse: tuple[str, ...] = ()
    secret: bool = False
    allow_change: bool = True
    reminders: tuple[timedelta, ...] = (timedelta(days=1), timedelta(hours=2))

    @property
    def recuses_subject(self) -> bool:
        return RECUSE_SUBJECT in self.recuse

    @property
    def recuses_declared(self) -> bool:
        """``recuse: [declared]``: a declared conflict of interest takes the member out."""
        return RECUSE_DECLARED in self.recuse


#: ``motions.minutes_approval`` when the charter says nothing of its own: a simple majority of
#: the votes cast, a third of the register's weight voting, three days to vote. The charter's
#: ``motions.default`` does not apply: approving minutes is not a decision of substance.
MINUTES_APPROVAL_RULES: dict[str, object] = {
    "voting_period": timedelta(days=3),
    "quorum": Fraction(1, 3),
    "threshold": Fraction(1, 2),
    "threshold_of": ThresholdOf.CAST,
    "threshold_rule": ThresholdRule.MORE_THAN,
}


def default_rules(kind: MotionKind) -> MotionRules:
    """The rules of ``kind`` when the charter sets none."""
    if kind is MotionKind.MINUTES_APPROVAL:
        return MotionRules(**MINUTES_APPROVAL_RULES)  # type: ignore[arg-type]
    return MotionRules()


@dataclass(frozen=True)
class Meeting:
    """``meetings[]``: a recurring meeting of the pool."""

    id: str
    title: str
    rrule: str
    starts: datetime
    duration: timedelta
    channel: str
    quorum: Fraction = Fraction(1, 2)
    reminders: tuple[timedelta, ...] = ()
    agenda_closes: timedelta = timedelta(days=2)
    check_in_grace: timedelta = timedelta(minutes=15)
    minutes_review: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class Complaints:
    """``complaints``: what the operator owes the supervisors."""

    acknowledge_within: timedelta = timedelta(days=3)
    respond_within: timedelta = timedelta(days=14)
    anonymous: bool = True


class ProxyHolders(StrEnum):
    """``proxies.holders``: who may hold a member's proxy."""

    REPRESENTATIVES = "representatives"  # a representative of another member
    ANY = "any"  # any Slack user the member names


@dataclass(frozen=True)
class Proxies:
    """``proxies``: whether and how a member may have someone else vote for it."""

    allowed: bool = False
    max_held: int = 1
    holders: ProxyHolders = ProxyHolders.REPRESENTATIVES
    meetings: bool = False
    instructions: bool = True


@dataclass(frozen=True)
class OpeningFee:
    """``fees[]``: one line of the opening licensing fee schedule, in force until a
    ``fee_change`` motion sets the category anew."""

    product_category: str
    royalty: str
    effective_date: date


@dataclass(frozen=True)
class Charter:
    """The whole charter, one version of it."""

    pool: Pool
    operator: Operator
    supervisors: Supervisors
    members: tuple[Member, ...]
    weights: Weights
    motions: dict[MotionKind, MotionRules]
    meetings: tuple[Meeting, ...] = ()
    complaints: Complaints = field(default_factory=Complaints)
    competition_notice: str = DEFAULT_COMPETITION_NOTICE
    version: int = 1
    actions: ActionRules = field(default_factory=ActionRules)
    proxies: Proxies = field(default_factory=Proxies)
    fees: tuple[OpeningFee, ...] = ()

    def rules_for(self, kind: MotionKind) -> MotionRules:
        return self.motions.get(kind) or default_rules(kind)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def with_members(self, members: tuple[Member, ...]) -> Charter:
        """The same rules over another register (the register lives on in the database).

        A name the register keeps as the charter wrote it keeps the charter's versions of it in
        each language (:mod:`governance.bilingual`)."""
        written = {m.id: m.name for m in self.members if isinstance(m.name, Bilingual)}
        if written:
            members = tuple(
                replace(m, name=keep_versions(m.name, written[m.id])) if m.id in written else m
                for m in members
            )
        return replace(self, members=members)
