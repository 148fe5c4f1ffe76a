"""What people and jobs ask the pool to do: imperative, frozen, free of Slack ids' meaning.

``actor`` is the user acting (a Slack user id at the edge, an opaque string here); the register
and the charter say what that user may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from governance.kinds import Payload
from governance.tally import Choice


@dataclass(frozen=True)
class InitialisePool:
    """``poolgov init``: record the charter text as version 1 and its opening register."""

    charter_text: str


@dataclass(frozen=True)
class OpenMotion:
    """The operator puts a motion to the members; its kind is the payload's kind.

    ``voting_period`` sets this motion's deadline instead of ``motions.<kind>.voting_period``;
    the counting rules stay the charter's. With a ``channel`` the motion's post is enqueued for
    it and the period starts once the post is there; without one (no channel to wait for) it
    runs from the opening.
    """

    actor: str
    title: str
    text: str
    payload: Payload
    voting_period: timedelta | None = None
    channel: str | None = None


@dataclass(frozen=True)
class CastBallot:
    """A representative votes for its member; the same ``idempotency_key`` never counts twice.

    ``member_id`` None means "the member the actor represents", found in the register inside
    the ballot's own transaction.
    """

    motion_id: str
    member_id: str | None
    actor: str
    choice: Choice
    idempotency_key: str
    #: cast by a proxy's holder for ``member_id`` (see :mod:`governance.proxies`)
    proxy: bool = False


@dataclass(frozen=True)
class WithdrawMotion:
    """The operator takes a motion back before it closes."""

    motion_id: str
    actor: str
    reason: str = ""


@dataclass(frozen=True)
class CloseMotion:
    """Count and close a motion at its deadline, or early once every member has voted."""

    motion_id: str


@dataclass(frozen=True)
class UpdateMember:
    """An audited operator update of the register (patent count, contribution, representatives).

    ``None`` leaves a field as it is.
    """

    actor: str
    member_id: str
    name: str | None = None
    patents: int | None = None
    contribution: Fraction | None = None
    representatives: tuple[str, ...] | None = None
    #: why the entry changes (recorded in the chain with the field-by-field difference)
    reason: str = ""
    #: representatives to seat and to unseat, applied after ``representatives``
    add_representatives: tuple[str, ...] = ()
    remove_representatives: tuple[str, ...] = ()


Command = InitialisePool | OpenMotion | CastBallot | WithdrawMotion | CloseMotion | UpdateMember


@dataclass(frozen=True)
class DeclareConflict:
    """A representative declares its member's conflict of interest on an open motion, or the
    operator records one for ``member_id``."""

    actor: str
    motion_id: str
    reason: str
    member_id: str | None = None
