"""What the meeting rules need from outside: storage (:class:`MeetingRepository`) and a calendar
that expands the charter's recurrence rules (:class:`MeetingCalendar`, in ``bot/`` because it needs
python-dateutil)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from governance.charter import Charter
from governance.meetings.agenda import Agenda, AgendaItem
from governance.meetings.attendance import RSVP, AttendanceResult, CheckIn
from governance.meetings.occurrences import Occurrence, Override


@dataclass(frozen=True)
class AttendanceRecord:
    """The quorum as recorded when the check-in closed, with its audit entry."""

    occurrence_key: str
    recorded_at: datetime
    result: AttendanceResult
    audit_seq: int
    audit_hash: str


@dataclass(frozen=True)
class MinutesRecord:
    """Minutes of one occurrence and the motions decided while it sat (closed in it)."""

    occurrence_key: str
    title: str
    starts: datetime
    text: str
    motions: tuple[str, ...]
    recorded_by: str
    recorded_at: datetime
    audit_seq: int
    audit_hash: str
    id: int = 0


class MeetingRepository(Protocol):
    """Overrides, agenda items, RSVPs, check-ins, attendance and minutes."""

    def overrides(self) -> list[Override]:
        """Every move, cancellation and one-off in force, in the order recorded."""
        ...

    def add_override(
        self, override: Override, by: str, now: datetime, reason: str, seq: int
    ) -> None: ...

    def withdraw_one_off(self, meeting_id: str, starts: datetime, now: datetime) -> bool:
        """Cancel a one-off meeting; False when no such one-off is in force."""
        ...

    def agenda_items(self, occurrence_key: str) -> list[AgendaItem]: ...
    def add_agenda_item(self, occurrence_key: str, item: AgendaItem) -> None: ...
    def frozen_agenda(self, occurrence_key: str) -> Agenda | None: ...
    def freeze_agenda(self, agenda: Agenda, audit_seq: int) -> bool:
        """Keep the frozen agenda; False when another transaction froze it first."""
        ...

    def rsvps(self, occurrence_key: str) -> list[RSVP]: ...
    def add_rsvp(self, occurrence_key: str, rsvp: RSVP) -> None: ...
    def check_ins(self, occurrence_key: str) -> list[CheckIn]: ...
    def add_check_in(self, occurrence_key: str, check_in: CheckIn) -> bool:
        """False when the member had already checked in (the first check-in counts)."""
        ...

    def attendance(self, occurrence_key: str) -> AttendanceRecord | None: ...
    def attendances(self) -> list[AttendanceRecord]:
        """Every recorded quorum, oldest first (for the compliance report)."""
        ...

    def record_attendance(self, record: AttendanceRecord) -> bool:
        """Write the quorum once; False when it was recorded already."""
        ...

    def minutes(self, limit: int, occurrence_key: str | None = None) -> list[MinutesRecord]:
        """The latest minutes first."""
        ...

    def add_minutes(self, record: MinutesRecord) -> int: ...


class MeetingCalendar(Protocol):
    """The charter's meetings on the calendar, the operator's overrides applied."""

    def find(self, charter: Charter, key: str, overrides: Sequence[Override]) -> Occurrence | None:
        """The occurrence with this key, wherever it now stands, or None."""
        ...

    def at(
        self,
        charter: Charter,
        meeting_id: str,
        original_start: datetime,
        overrides: Sequence[Override],
    ) -> Occurrence:
        """The occurrence the rule puts at ``original_start``; ``UnknownMeeting`` or
        ``NotAnOccurrence`` when there is none."""
        ...

    def between(
        self, charter: Charter, start: datetime, end: datetime, overrides: Sequence[Override]
    ) -> list[Occurrence]:
        """Occurrences of every meeting (one-offs included) starting in ``[start, end)``."""
        ...

    def upcoming(
        self, charter: Charter, now: datetime, overrides: Sequence[Override], limit: int
    ) -> list[Occurrence]:
        """The next ``limit`` occurrences not over at ``now`` (cancelled ones included)."""
        ...
