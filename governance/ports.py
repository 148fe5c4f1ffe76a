"""What the rules need from outside: repositories, unit of work, audit log, charter parser.

``storage/`` implements these with SQLAlchemy; tests may implement them with hand-written fakes. The
unit of work owns the transaction: repositories read and write through it and never commit.

Concurrency contract: a repository that loses a race it cannot resolve on its own (a conflicting
insert, a superseded row that moved, a deadlock) raises :class:`ConcurrentWrite`; the service rolls
the whole unit of work back and tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from governance.actions import Action, NewAction
from governance.charter import Charter, Member
from governance.complaints.ports import ComplaintRepository
from governance.conflicts import Declaration
from governance.meetings.ports import MeetingRepository
from governance.motion import Motion, MotionState
from governance.notices import NoticeOutbox
from governance.proxy_ports import ProxyRepository
from governance.tally import Choice

CharterParser = Callable[[str], Charter]
"""Reads a charter file's text; raises :class:`governance.errors.CharterError` if unsound."""


class ConcurrentWrite(Exception):
    """Storage lost a race; the unit of work was rolled back and may be tried again."""


@dataclass(frozen=True)
class CharterRecord:
    """One version of the charter: the YAML text as written, its hash, and how it came in."""

    version: int
    text: str
    text_hash: str
    effective_at: datetime
    carried_by_motion: str | None = None


@dataclass(frozen=True)
class StoredMotion:
    """A motion with what storage keeps around it: who opened it and the recorded result."""

    motion: Motion
    opened_by: str
    register: tuple[Member, ...]  # the register snapshot at opening, in register order
    result: Mapping[str, Any] | None = None  # the recorded tally (see services.results)
    close_reason: str | None = None
    audit_head: str | None = None  # chain head published with the result


@dataclass(frozen=True)
class BallotRecord:
    """One ballot row; ``superseded_at`` is set once a later ballot of the member replaced it."""

    id: int
    motion_id: str
    member_id: str
    choice: Choice
    cast_by: str
    cast_at: datetime
    receipt: str
    audit_seq: int
    superseded_at: datetime | None = None


@dataclass(frozen=True)
class Casters:
    """What a batch of ballots needs to know about the people casting them, read at once: the
    member each represents, those members' counted ballots on the motions, and (when it came with
    them) each motion's count of counted ballots."""

    members: dict[str, str]  # user id -> the member they represent
    counted: dict[tuple[str, str], BallotRecord]  # (motion id, member id) -> counted ballot
    counts: dict[str, int]  # motion id -> counted ballots, for the motions it was read for


@dataclass(frozen=True)
class NewBallot:
    motion_id: str
    member_id: str
    choice: Choice
    cast_by: str
    cast_at: datetime
    receipt: str
    audit_seq: int
    request_key: str


@dataclass(frozen=True)
class AuditRecord:
    """An appended audit entry: its place in the chain and its hash."""

    seq: int
    entry_hash: str


@dataclass(frozen=True)
class FeeEntry:
    """``fee_change``: the royalty for a product category from a date, and the motion behind it."""

    product_category: str
    royalty: str
    effective_date: date
    motion_id: str
    recorded_at: datetime
    basis: Mapping[str, str]


@dataclass(frozen=True)
class DistributionRule:
    """``distribution_change``: how licensing revenue is shared from a date."""

    rule: str
    effective_date: date
    motion_id: str
    recorded_at: datetime


class CharterRepository(Protocol):
    def current(self) -> CharterRecord | None: ...
    def get(self, version: int) -> CharterRecord | None: ...
    def add(self, record: CharterRecord) -> None: ...


class RegisterRepository(Protocol):
    """The register: current members, their representatives, and their history."""

    def current(self) -> tuple[Member, ...]: ...
    def member_for_user(self, user_id: str) -> str | None: ...
    def members_for_users(self, user_ids: Collection[str]) -> dict[str, str]:
        """:meth:`member_for_user` for many people in one read: those seated, by user."""
        ...

    def names(self) -> dict[str, str]:
        """Current members' names by member id (what a message shows; no weights read)."""
        ...

    def admit(self, member: Member, now: datetime, motion_id: str | None) -> tuple[str, ...]:
        """Add a member; returns the representatives seated (a user already seated elsewhere is
        left out, since one person speaks for one member)."""
        ...

    def admit_all(self, members: Sequence[Member], now: datetime) -> None:
        """:meth:`admit` for a whole opening register at once (the pool's first start), in a
        few statements whatever its size."""
        ...

    def remove(self, member_id: str, now: datetime, how: str, motion_id: str | None) -> bool: ...
    def update(self, member: Member, now: datetime, by_user: str) -> None: ...
    def last_changed(self) -> dict[str, datetime]:
        """When each current member's entry last changed (admission, update), by member id."""
        ...


class MotionRepository(Protocol):
    def add(self, motion: Motion, opened_by: str, register: Sequence[Member]) -> str: ...
    def get(self, motion_id: str, *, lock: bool = False) -> StoredMotion | None:
        """With ``lock``, hold the motion row until the end of the transaction."""
        ...

    def get_for_ballot(self, motion_id: str) -> StoredMotion | None:
        """Read and share-lock the motion, so a close waits for ballots in flight."""
        ...

    def mark_closed(
        self,
        motion_id: str,
        state: MotionState,
        closed_at: datetime,
        reason: str,
        result: Mapping[str, Any],
        audit_head: str,
    ) -> bool:
        """``UPDATE … WHERE state='open'``; False when someone else closed it first."""
        ...

    def mark_withdrawn(self, motion_id: str, closed_at: datetime) -> bool: ...
    def mark_shown(self, motion_id: str, shown_at: datetime, closes_at: datetime) -> bool:
        """Start the voting period: ``UPDATE … WHERE shown_at IS NULL AND state='open'``."""
        ...

    def unshown(self) -> list[str]:
        """Open motions whose post has not reached the members yet."""
        ...

    def in_state(self, state: MotionState) -> list[StoredMotion]: ...
    def recent(self, limit: int) -> list[StoredMotion]: ...
    def due(self, now: datetime) -> list[str]: ...


class BallotRepository(Protocol):
    def counted(self, motion_id: str) -> list[BallotRecord]: ...
    def counted_members(self, motion_id: str) -> set[str]:
        """The members with a counted ballot on the motion."""
        ...

    def count_counted(self, motion_id: str) -> int:
        """How many counted ballots the motion has: cheaper than :meth:`counted_members`."""
        ...

    def counted_for(self, motion_id: str, member_id: str) -> BallotRecord | None: ...
    def casters(self, motion_ids: Collection[str], user_ids: Collection[str]) -> Casters:
        """The members these users represent, with those members' counted ballots on the
        motions, in one read (with the count of counted ballots when there is one motion)."""
        ...

    def supersede(self, ballot_id: int, now: datetime) -> bool:
        """Mark a counted ballot superseded; False if it already was."""
        ...

    def add_all(self, ballots: Sequence[NewBallot], *, deferred: bool = False) -> bool:
        """``INSERT … ON CONFLICT DO NOTHING`` on the one counted ballot per member, all in one
        statement; False if any of them hit the constraint (a ballot recorded meanwhile).

        ``deferred`` lets storage write them as late as the commit, for a caller that reads
        none of them back: True, and a ballot recorded meanwhile then fails the commit
        (:class:`ConcurrentWrite`)."""
        ...

    def by_member(self, member_id: str, limit: int) -> list[BallotRecord]: ...
    def with_receipt(self, receipt: str, member_id: str) -> BallotRecord | None:
        """The member's ballot whose receipt is ``receipt`` (as stored), if any."""
        ...


class RequestRepository(Protocol):
    """Processed request keys: the same request twice has one effect and one answer."""

    def results(self, keys: Collection[str]) -> dict[str, Mapping[str, Any]]:
        """The keys among these already processed, with the answers kept for them (one read)."""
        ...

    def record_all(
        self,
        answers: Sequence[tuple[str, Mapping[str, Any]]],
        now: datetime,
        *,
        deferred: bool = False,
    ) -> bool:
        """Keep each key as processed with its answer, in one statement; False if another
        transaction took any of them. ``deferred``: as for :meth:`BallotRepository.add_all`."""
        ...


class FeeScheduleRepository(Protocol):
    def add(self, entry: FeeEntry) -> None: ...
    def all(self) -> list[FeeEntry]: ...


class DistributionRepository(Protocol):
    def add(self, rule: DistributionRule) -> None: ...
    def all(self) -> list[DistributionRule]: ...


class AuditLog(Protocol):
    """The tamper-evident chain; appends are serialised and belong to the business transaction."""

    def append(
        self, kind: str, data: Mapping[str, Any], now: datetime, *, deferred: bool = False
    ) -> AuditRecord:
        """Chain an entry on; its place and hash are final at once. ``deferred`` lets storage
        write it as late as the commit, for a caller that never reads its entries back."""
        ...

    def head(self) -> AuditRecord: ...


class ActionRepository(Protocol):
    """Follow-up actions (:mod:`governance.actions`)."""

    def next_id(self) -> int: ...
    def add(
        self, action_id: int, new: NewAction, created_at: datetime, by: str, audit_seq: int
    ) -> None: ...
    def mark_done(self, action: Action, audit_seq: int) -> bool:
        """Record ``action`` done; False if it was no longer open."""
        ...

    def get(self, action_id: str, *, lock: bool = False) -> Action | None: ...
    def for_motion(self, motion_id: str) -> list[Action]: ...
    def open(self) -> list[Action]: ...
    def all(self) -> list[Action]: ...


class DeclarationRepository(Protocol):
    """Declared conflicts of interest (:mod:`governance.conflicts`)."""

    def add(self, declaration: Declaration, audit_seq: int) -> None: ...
    def for_motion(self, motion_id: str) -> list[Declaration]: ...
    def for_motions(self, motion_ids: Collection[str]) -> dict[str, list[Declaration]]: ...


class UnitOfWork(Protocol):
    """One transaction: ``with uow: …; uow.commit()``; leaving without commit rolls back."""

    @property
    def charters(self) -> CharterRepository: ...
    @property
    def register(self) -> RegisterRepository: ...
    @property
    def motions(self) -> MotionRepository: ...
    @property
    def ballots(self) -> BallotRepository: ...
    @property
    def requests(self) -> RequestRepository: ...
    @property
    def fees(self) -> FeeScheduleRepository: ...
    @property
    def distributions(self) -> DistributionRepository: ...
    @property
    def meetings(self) -> MeetingRepository: ...
    @property
    def complaints(self) -> ComplaintRepository: ...
    @property
    def outbox(self) -> NoticeOutbox: ...
    @property
    def actions(self) -> ActionRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def proxies(self) -> ProxyRepository: ...
    @property
    def declarations(self) -> DeclarationRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
