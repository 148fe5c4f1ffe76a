"""The calendar the meeting services use (:class:`governance.meetings.ports.MeetingCalendar`),
over :mod:`bot.calendar`'s rrule expansion: find an occurrence by its key, list a window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.calendar import next_occurrences, occurrence_at, occurrences, one_off_occurrence, place
from governance.charter import Charter, Meeting
from governance.errors import NotAnOccurrence, UnknownMeeting
from governance.meetings.occurrences import ONE_OFF_SUFFIX, Occurrence, OneOff, Override


def _meeting(charter: Charter, meeting_id: str) -> Meeting | None:
    return next((m for m in charter.meetings if m.id == meeting_id), None)


class RruleCalendar:
    """Implements :class:`~governance.meetings.ports.MeetingCalendar`."""

    def find(self, charter: Charter, key: str, overrides: Sequence[Override]) -> Occurrence | None:
        tz = charter.pool.timezone
        if key.endswith(ONE_OFF_SUFFIX):
            for override in overrides:
                if isinstance(override, OneOff):
                    found = one_off_occurrence(override, tz)
                    if found.key == key:
                        return found
            return None
        meeting_id, _, wall_text = key.partition("@")
        meeting = _meeting(charter, meeting_id)
        if meeting is None:
            return None
        try:
            wall = datetime.fromisoformat(wall_text)
        except ValueError:
            return None
        if wall.tzinfo is not None:
            return None
        try:
            found = occurrence_at(meeting, tz, place(wall, tz), overrides)
        except (NotAnOccurrence, OverflowError):  # no such time, or one at the calendar's ends
            return None
        return found if found.key == key else None

    def at(
        self,
        charter: Charter,
        meeting_id: str,
        original_start: datetime,
        overrides: Sequence[Override],
    ) -> Occurrence:
        meeting = _meeting(charter, meeting_id)
        if meeting is None:
            raise UnknownMeeting(meeting_id)
        return occurrence_at(meeting, charter.pool.timezone, original_start, overrides)

    def between(
        self, charter: Charter, start: datetime, end: datetime, overrides: Sequence[Override]
    ) -> list[Occurrence]:
        tz = charter.pool.timezone
        found: list[Occurrence] = []
        for meeting in charter.meetings:
            found += occurrences(meeting, tz, start, end, overrides)
        known = {m.id for m in charter.meetings}
        for override in overrides:
            if isinstance(override, OneOff) and override.meeting_id not in known:
                occurrence = one_off_occurrence(override, tz)
                if start <= occurrence.starts < end:
                    found.append(occurrence)
        return sorted(found, key=lambda o: (o.starts, o.key))

    def upcoming(
        self, charter: Charter, now: datetime, overrides: Sequence[Override], limit: int
    ) -> list[Occurrence]:
        return next_occurrences(charter, now, overrides, limit)
