"""One meeting on the calendar, and the operator's changes to it (``meetings[]``).

The charter's ``rrule`` says when a meeting recurs; expanding it needs python-dateutil, so that
happens in ``bot/calendar.py``. What the expansion yields (:class:`Occurrence`) and the operator's
changes that storage keeps (:class:`Moved`, :class:`Cancelled`, :class:`OneOff`) are plain values
here, so storage and the rules can hold them without importing ``bot``.

An occurrence is known by its :attr:`Occurrence.key`: the meeting id and the local wall time the
rule gives it (``general-assembly@2027-01-05T10:00``). The key never changes when the operator
moves the occurrence, so reminders, RSVPs, check-ins and the agenda stay attached to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeAlias

ONE_OFF_SUFFIX = "+one-off"


class OccurrenceStatus(StrEnum):
    SCHEDULED = "scheduled"  # as the charter's rule gives it
    MOVED = "moved"  # the operator moved it; ``original_start`` is where the rule put it
    CANCELLED = "cancelled"  # the operator cancelled it; no reminders, no agenda
    ONE_OFF = "one_off"  # added by the operator outside the rule


def require_aware(name: str, value: datetime) -> None:
    """Instants must carry a zone; a naive one is a bug in the caller, not a refusal."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a time-zone-aware datetime, got {value!r}")


def _wall_text(wall: datetime) -> str:
    spec = "seconds" if wall.second else "minutes"
    return wall.replace(tzinfo=None, microsecond=0).isoformat(timespec=spec)


def occurrence_key(meeting_id: str, wall: datetime) -> str:
    """``<meeting id>@<local wall time>`` of an occurrence the charter's rule gives.

    ``wall`` is the wall-clock time the rule yields in the pool's zone (its ``tzinfo``, if any,
    is ignored), so the key does not depend on UTC offsets: a tz database update cannot change it.
    """
    return f"{meeting_id}@{_wall_text(wall)}"


def one_off_key(meeting_id: str, local_start: datetime) -> str:
    """The key of a one-off meeting; it never collides with a recurring occurrence's key."""
    return f"{meeting_id}@{_wall_text(local_start)}{ONE_OFF_SUFFIX}"


@dataclass(frozen=True)
class Occurrence:
    """One meeting on one day: when it starts and ends, and whether it was changed.

    ``starts``, ``ends`` and ``original_start`` are UTC; ``local_start`` is ``starts`` in the
    pool's zone, for people. ``original_start`` is where the rule put the occurrence (equal to
    ``starts`` unless it was moved).
    """

    meeting_id: str
    key: str
    title: str
    channel: str
    starts: datetime
    ends: datetime
    local_start: datetime
    status: OccurrenceStatus
    original_start: datetime

    @property
    def cancelled(self) -> bool:
        return self.status is OccurrenceStatus.CANCELLED


@dataclass(frozen=True)
class Moved:
    """The operator moved the occurrence the rule puts at ``original_start`` to ``new_start``."""

    meeting_id: str
    original_start: datetime
    new_start: datetime

    def __post_init__(self) -> None:
        require_aware("original_start", self.original_start)
        require_aware("new_start", self.new_start)


@dataclass(frozen=True)
class Cancelled:
    """The operator cancelled the occurrence the rule puts at ``original_start``."""

    meeting_id: str
    original_start: datetime

    def __post_init__(self) -> None:
        require_aware("original_start", self.original_start)


@dataclass(frozen=True)
class OneOff:
    """A meeting the operator added outside any rule (``/meeting add``).

    ``meeting_id`` may name a charter meeting (an extra General Assembly) or be new. Moves and
    cancellations apply to recurring occurrences only; a one-off is changed by replacing it.
    """

    meeting_id: str
    title: str
    starts: datetime
    duration: timedelta
    channel: str

    def __post_init__(self) -> None:
        require_aware("starts", self.starts)
        if self.duration <= timedelta(0):
            raise ValueError(f"a meeting lasts a positive time, got {self.duration}")


Override: TypeAlias = Moved | Cancelled | OneOff
