"""What happened, in the past tense: services return these and the bot turns them into messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from governance.charter import MotionKind
from governance.motion import BallotEffect, CloseReason
from governance.tally import Choice, Outcome, Tally


@dataclass(frozen=True)
class PoolInitialised:
    charter_version: int
    charter_hash: str
    members: tuple[str, ...]
    audit_head: str


@dataclass(frozen=True)
class MotionOpened:
    motion_id: str
    kind: MotionKind
    title: str
    opened_by: str
    opened_at: datetime
    closes_at: datetime
    charter_version: int
    electorate: tuple[str, ...]
    recused: tuple[str, ...]


@dataclass(frozen=True)
class MotionShown:
    """The motion's post reached its channel: the voting period runs from ``shown_at``."""

    motion_id: str
    shown_at: datetime
    closes_at: datetime
    channel: str


@dataclass(frozen=True)
class BallotRecorded:
    """A ballot taken (``recorded``/``changed``) or confirmed (``unchanged``).

    ``receipt`` is the start of the ballot's audit entry hash, so the member can find it in the
    chain. ``replayed`` is true when the same request key came again: the answer is the original
    one and nothing new was written. If the member's counted ballot has changed since that
    request was answered, ``counted_choice`` and ``counted_receipt`` say what counts now, so an
    old click redelivered never passes for the member's current vote.
    """

    motion_id: str
    member_id: str
    choice: Choice
    effect: BallotEffect
    receipt: str
    cast_by: str
    cast_at: datetime
    everyone_voted: bool
    replayed: bool = False
    counted_choice: Choice | None = None
    counted_receipt: str | None = None
    #: cast by a proxy's holder (``cast_by``) for the member
    by_proxy: bool = False


@dataclass(frozen=True)
class MotionClosed:
    """The result as recorded; ``audit_head`` is the chain head to publish with it."""

    motion_id: str
    kind: MotionKind
    title: str
    outcome: Outcome
    reason: CloseReason
    closed_at: datetime
    tally: Tally
    audit_head: str
    audit_seq: int


@dataclass(frozen=True)
class MotionWithdrawn:
    motion_id: str
    title: str
    withdrawn_by: str
    withdrawn_at: datetime
    reason: str


@dataclass(frozen=True)
class MemberAdmitted:
    member_id: str
    name: str
    representatives: tuple[str, ...]
    motion_id: str | None


@dataclass(frozen=True)
class MemberRemoved:
    """A member left the register: ``how`` is ``withdrawal`` or ``expulsion``."""

    member_id: str
    how: str
    motion_id: str | None


@dataclass(frozen=True)
class MemberUpdated:
    member_id: str
    updated_by: str
    changes: tuple[str, ...]
    #: field → (old, new), as the chain records them
    diff: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    reason: str = ""
    audit_seq: int | None = None
    name: str = ""
    #: the proxies the change ended, as (member, holder): their holder lost the seat that let
    #: them hold it (:func:`governance.proxies.lapsed_by_register`)
    lapsed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FeeScheduleChanged:
    product_category: str
    royalty: str
    effective_date: date
    motion_id: str


@dataclass(frozen=True)
class DistributionRuleChanged:
    rule: str
    effective_date: date
    motion_id: str


@dataclass(frozen=True)
class CharterAmended:
    version: int
    text_hash: str
    motion_id: str


@dataclass(frozen=True)
class EffectNotApplied:
    """A carried motion whose effect could not take place any more (the register moved on)."""

    motion_id: str
    reason: str


Event = (
    PoolInitialised
    | MotionOpened
    | BallotRecorded
    | MotionClosed
    | MotionWithdrawn
    | MemberAdmitted
    | MemberRemoved
    | MemberUpdated
    | FeeScheduleChanged
    | DistributionRuleChanged
    | CharterAmended
    | EffectNotApplied
)


@dataclass(frozen=True)
class ConflictDeclared:
    """A conflict of interest recorded on an open motion; ``recused`` when the kind's rule lists
    ``declared`` (the member left the electorate until the close)."""

    motion_id: str
    member_id: str
    reason: str
    declared_by: str
    recused: bool
    audit_seq: int
