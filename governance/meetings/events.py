"""What happened to the pool's meetings, in the past tense; the bot turns these into messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.meetings.agenda import Agenda, AgendaItem
from governance.meetings.attendance import Forecast
from governance.meetings.occurrences import Occurrence
from governance.meetings.ports import AttendanceRecord, MinutesRecord


@dataclass(frozen=True)
class MeetingAdded:
    occurrence: Occurrence
    added_by: str


@dataclass(frozen=True)
class MeetingMoved:
    occurrence: Occurrence
    previous_start: datetime
    moved_by: str
    reason: str


@dataclass(frozen=True)
class MeetingCancelled:
    occurrence: Occurrence
    cancelled_by: str
    reason: str


@dataclass(frozen=True)
class AgendaItemProposed:
    occurrence: Occurrence
    item: AgendaItem
    closes_at: datetime


@dataclass(frozen=True)
class AgendaFrozen:
    occurrence: Occurrence
    agenda: Agenda


@dataclass(frozen=True)
class InvitationAnswered:
    occurrence_key: str
    member_id: str
    attending: bool
    forecast: Forecast


@dataclass(frozen=True)
class CheckedIn:
    occurrence_key: str
    member_id: str
    first: bool  # False: the member had already checked in; nothing new was written
    late: bool  # after the check-in closed: minuted, not counted towards the quorum
    by_proxy: bool = False  # checked in by the holder of the member's proxy (proxies.meetings)


@dataclass(frozen=True)
class AttendanceRecorded:
    occurrence: Occurrence
    record: AttendanceRecord


@dataclass(frozen=True)
class MinutesRecorded:
    occurrence: Occurrence
    record: MinutesRecord


MeetingEvent = (
    MeetingAdded
    | MeetingMoved
    | MeetingCancelled
    | AgendaItemProposed
    | AgendaFrozen
    | InvitationAnswered
    | CheckedIn
    | AttendanceRecorded
    | MinutesRecorded
)
