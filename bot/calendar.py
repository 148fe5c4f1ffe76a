"""The charter's meetings on the calendar: occurrences from their recurrence rules.

Expansion (RFC 5545 ``rrule``, python-dateutil) runs on the *wall clock* of the pool's zone: the
rule is expanded from ``meetings[].starts`` as a naive local time, then each wall time is placed in
the zone with zoneinfo. A 10:00 meeting stays at 10:00 local time across daylight-saving changes;
its UTC instant moves instead. ``UNTIL`` in UTC (as RFC 5545 requires with a zoned start) is read as
the local wall time of that instant.

Wall times the zone skips or repeats are placed as zoneinfo places them with ``fold=0``, which is
also RFC 5545's reading (3.3.5): a time in a spring-forward gap takes the offset before the gap and
so falls later by the gap's length (02:30 on Berlin's spring-forward day is 03:30 CEST); a time
repeated at fall-back is its first instance (02:30 CEST, not 02:30 CET). The occurrence keeps the
rule's wall time in its key either way.

The operator's overrides apply per occurrence, matched by instant: a cancellation wins over a move;
of two moves of one occurrence, the later in the sequence wins; an override naming a time the rule
does not give (say, after a charter change) is ignored. :func:`occurrence_at` is the check to run
before recording one. The iCalendar export of the same facts is :mod:`bot.ics`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from governance.charter import Charter, Meeting
from governance.errors import NotAnOccurrence
from governance.meetings.occurrences import (
    Cancelled,
    Moved,
    Occurrence,
    OccurrenceStatus,
    OneOff,
    Override,
    occurrence_key,
    one_off_key,
    require_aware,
)

# Wall times and instants differ by at most a daylight-saving shift; a day covers any zone.
_SLACK = timedelta(days=1)
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


def wall(instant: datetime, tz: ZoneInfo) -> datetime:
    """The naive local wall time of ``instant`` in ``tz``."""
    return instant.astimezone(tz).replace(tzinfo=None, fold=0)


def place(wall_time: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time, with ``fold=0`` (gaps shift forward, repeats first)."""
    return wall_time.replace(tzinfo=tz, fold=0).astimezone(UTC)


def recurrence(meeting: Meeting, tz: ZoneInfo) -> rrule:
    """``meetings[].rrule`` from ``starts``, expanded on the naive wall clock of ``tz``."""

    def local_until(match: re.Match[str]) -> str:
        until = datetime.strptime(match.group(1) + "+0000", "%Y%m%dT%H%M%S%z")
        return f"UNTIL={wall(until, tz):%Y%m%dT%H%M%S}"

    text = _UNTIL_UTC.sub(local_until, meeting.rrule)
    rule = rrulestr(text, dtstart=wall(meeting.starts, tz))
    if not isinstance(rule, rrule):
        raise ValueError(f"meeting {meeting.id}: one RRULE expected, got a set: {meeting.rrule!r}")
    return rule


@dataclass
class MeetingChanges:
    """The overrides that concern one meeting, keyed by the original occurrence's instant."""

    moved: dict[datetime, Moved] = field(default_factory=dict)
    cancelled: set[datetime] = field(default_factory=set)
    one_offs: list[OneOff] = field(default_factory=list)


def meeting_changes(meeting_id: str, overrides: Iterable[Override]) -> MeetingChanges:
    changes = MeetingChanges()
    for override in overrides:
        if override.meeting_id != meeting_id:
            continue
        if isinstance(override, Moved):
            changes.moved[override.original_start.astimezone(UTC)] = override
        elif isinstance(override, Cancelled):
            changes.cancelled.add(override.original_start.astimezone(UTC))
        else:
            changes.one_offs.append(override)
    return changes


def _occurrence(
    meeting: Meeting,
    tz: ZoneInfo,
    wall_time: datetime,
    status: OccurrenceStatus,
    moved_to: datetime | None = None,
) -> Occurrence:
    original = place(wall_time, tz)
    starts = original if moved_to is None else moved_to.astimezone(UTC)
    return Occurrence(
        meeting_id=meeting.id,
        key=occurrence_key(meeting.id, wall_time),
        title=meeting.title,
        channel=meeting.channel,
        starts=starts,
        ends=starts + meeting.duration,
        local_start=starts.astimezone(tz),
        status=status,
        original_start=original,
    )


def one_off_occurrence(one_off: OneOff, tz: ZoneInfo) -> Occurrence:
    starts = one_off.starts.astimezone(UTC)
    return Occurrence(
        meeting_id=one_off.meeting_id,
        key=one_off_key(one_off.meeting_id, starts.astimezone(tz)),
        title=one_off.title,
        channel=one_off.channel,
        starts=starts,
        ends=starts + one_off.duration,
        local_start=starts.astimezone(tz),
        status=OccurrenceStatus.ONE_OFF,
        original_start=starts,
    )


def rule_wall(rule: rrule, tz: ZoneInfo, instant: datetime) -> datetime | None:
    """The wall time at which ``rule`` puts an occurrence at ``instant``, if it puts one there."""
    target = instant.astimezone(UTC)
    around = wall(instant, tz)
    for candidate in rule.between(around - _SLACK, around + _SLACK, inc=True):
        if place(candidate, tz) == target:
            return candidate
    return None


def _moved(
    meeting: Meeting, tz: ZoneInfo, rule: rrule, changes: MeetingChanges
) -> Iterator[Occurrence]:
    """The moved occurrences of one meeting (a cancellation wins; unknown originals ignored)."""
    for original, move in changes.moved.items():
        wall_time = None if original in changes.cancelled else rule_wall(rule, tz, original)
        if wall_time is not None:
            yield _occurrence(meeting, tz, wall_time, OccurrenceStatus.MOVED, move.new_start)


def _order(occurrence: Occurrence) -> tuple[datetime, str]:
    return occurrence.starts, occurrence.key


def occurrences(
    meeting: Meeting,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    overrides: Sequence[Override] = (),
) -> list[Occurrence]:
    """Every occurrence of ``meeting`` starting in ``[start, end)``, sorted by start.

    Cancelled occurrences are listed (at their original time) with status ``cancelled``; a moved
    one is listed where it now starts; one-offs with this meeting's id are included.
    """
    require_aware("start", start)
    require_aware("end", end)
    rule = recurrence(meeting, tz)
    changes = meeting_changes(meeting.id, overrides)
    found: list[Occurrence] = []
    for wall_time in rule.between(wall(start, tz) - _SLACK, wall(end, tz) + _SLACK, inc=True):
        original = place(wall_time, tz)
        if original in changes.cancelled:
            status = OccurrenceStatus.CANCELLED
        elif original in changes.moved:
            continue
        else:
            status = OccurrenceStatus.SCHEDULED
        if start <= original < end:
            found.append(_occurrence(meeting, tz, wall_time, status))
    found += (o for o in _moved(meeting, tz, rule, changes) if start <= o.starts < end)
    found += (
        o
        for o in (one_off_occurrence(one, tz) for one in changes.one_offs)
        if start <= o.starts < end
    )
    return sorted(found, key=_order)


def occurrence_at(
    meeting: Meeting, tz: ZoneInfo, original_start: datetime, overrides: Sequence[Override] = ()
) -> Occurrence:
    """The occurrence the rule puts at ``original_start`` (overrides applied), or
    :class:`~governance.errors.NotAnOccurrence`: the check before moving or cancelling one."""
    require_aware("original_start", original_start)
    rule = recurrence(meeting, tz)
    wall_time = rule_wall(rule, tz, original_start)
    if wall_time is None:
        raise NotAnOccurrence(meeting.id, original_start)
    changes = meeting_changes(meeting.id, overrides)
    original = place(wall_time, tz)
    if original in changes.cancelled:
        return _occurrence(meeting, tz, wall_time, OccurrenceStatus.CANCELLED)
    if original in changes.moved:
        new_start = changes.moved[original].new_start
        return _occurrence(meeting, tz, wall_time, OccurrenceStatus.MOVED, new_start)
    return _occurrence(meeting, tz, wall_time, OccurrenceStatus.SCHEDULED)


def _upcoming(
    meeting: Meeting, tz: ZoneInfo, now: datetime, overrides: Sequence[Override], limit: int
) -> list[Occurrence]:
    rule = recurrence(meeting, tz)
    changes = meeting_changes(meeting.id, overrides)
    found: list[Occurrence] = []
    for wall_time in rule.xafter(wall(now - meeting.duration, tz) - _SLACK, inc=True):
        if len(found) >= limit:
            break
        original = place(wall_time, tz)
        if original in changes.cancelled:
            occurrence = _occurrence(meeting, tz, wall_time, OccurrenceStatus.CANCELLED)
        elif original in changes.moved:
            continue  # listed by _moved, where it now starts
        else:
            occurrence = _occurrence(meeting, tz, wall_time, OccurrenceStatus.SCHEDULED)
        if occurrence.ends > now:
            found.append(occurrence)
    found += _moved(meeting, tz, rule, changes)
    found += (one_off_occurrence(one, tz) for one in changes.one_offs)
    return [o for o in found if o.ends > now]


def next_occurrences(
    charter: Charter, now: datetime, overrides: Sequence[Override] = (), limit: int = 10
) -> list[Occurrence]:
    """The next ``limit`` occurrences of all meetings not yet over at ``now``, sorted by start.

    One-offs are included whatever their meeting id; cancelled occurrences are included with
    status ``cancelled`` (so ``/meeting next`` can say so).
    """
    require_aware("now", now)
    tz = charter.pool.timezone
    found: list[Occurrence] = []
    for meeting in charter.meetings:
        found += _upcoming(meeting, tz, now, overrides, limit)
    known = {meeting.id for meeting in charter.meetings}
    found += (
        occurrence
        for occurrence in (
            one_off_occurrence(o, tz)
            for o in overrides
            if isinstance(o, OneOff) and o.meeting_id not in known
        )
        if occurrence.ends > now
    )
    return sorted(found, key=_order)[:limit]
