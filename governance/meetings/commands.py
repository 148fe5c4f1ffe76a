"""What people and jobs ask of the pool's meetings: imperative, frozen values.

An occurrence is named by its key (``general-assembly@2027-01-05T10:00``), which stays the same
when the operator moves it. ``actor`` is the user acting; the register and the charter say what
that user may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class AddMeeting:
    """The operator adds a one-off meeting; a charter meeting's id lends it that meeting's rules
    (title, channel, duration, quorum, reminders, agenda deadline) where not given."""

    actor: str
    meeting_id: str
    starts: datetime
    duration: timedelta | None = None
    title: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class MoveMeeting:
    actor: str
    occurrence_key: str
    new_start: datetime
    reason: str = ""


@dataclass(frozen=True)
class CancelMeeting:
    actor: str
    occurrence_key: str
    reason: str = ""


@dataclass(frozen=True)
class ProposeAgendaItem:
    """A member's representative proposes an item; no key means the next open agenda."""

    actor: str
    text: str
    occurrence_key: str | None = None


@dataclass(frozen=True)
class FreezeAgenda:
    occurrence_key: str


@dataclass(frozen=True)
class AnswerInvitation:
    """Attending or not: any representative answers for its member; the latest answer counts."""

    actor: str
    occurrence_key: str
    attending: bool


@dataclass(frozen=True)
class CheckInToMeeting:
    actor: str
    occurrence_key: str


@dataclass(frozen=True)
class RecordAttendance:
    """At the start plus ``check_in_grace``: who was present, and whether that made the quorum."""

    occurrence_key: str


@dataclass(frozen=True)
class RecordMinutes:
    actor: str
    occurrence_key: str
    text: str
