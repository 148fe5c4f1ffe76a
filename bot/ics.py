"""The pool's meetings as an iCalendar file (RFC 5545), for any calendar application.

One VEVENT per charter meeting carries its RRULE and a DTSTART with the pool's TZID, with a
VTIMEZONE for the zone; cancelled occurrences are EXDATEs of it, and each moved occurrence is a
VEVENT with the same UID and a RECURRENCE-ID naming the occurrence it replaces. One-offs are plain
VEVENTs. UIDs are stable (``<meeting id>@<pool slug>.poolgov``), so a calendar that imports the file
again updates the events instead of adding copies. Overrides are applied as :mod:`bot.calendar`
applies them (a cancellation wins; an override the rule does not match is left out).

What people read (the calendar's name, each event's SUMMARY and LOCATION) is in the pool's
language (``pool.language``); every machine field (UIDs, times, rules) is the same in any language.

:func:`to_ics` takes the overrides as values, so the CLI (charter only, for now) and callers that
read them from the database share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from bot.calendar import meeting_changes, recurrence, rule_wall
from bot.i18n import Language, _, language_from_tag, local, speaking
from governance.charter import Charter, Meeting
from governance.errors import UnknownMeeting
from governance.meetings.occurrences import Moved, OneOff, Override

PRODID = "-//poolgov//meetings//EN"
TIMEZONE_YEARS = 10  # the VTIMEZONE lists transitions this far past the last date in the file


def _domain(charter: Charter) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", charter.pool.name.lower()).strip("-")
    return f"{slug or 'pool'}.poolgov"


def meeting_uid(charter: Charter, meeting_id: str) -> str:
    """The UID of a recurring meeting, and of each of its moved occurrences."""
    return f"{meeting_id}@{_domain(charter)}"


def one_off_uid(charter: Charter, one_off: OneOff) -> str:
    return (
        f"{one_off.meeting_id}-{one_off.starts.astimezone(UTC):%Y%m%dT%H%M%SZ}@{_domain(charter)}"
    )


def _event(
    uid: str, stamp: datetime, title: str, channel: str, start: datetime, duration: timedelta
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", local(title))
    event.add("dtstart", start)
    event.add("duration", duration)
    event.add("location", _("Slack channel {channel}").format(channel=channel))
    return event


def pool_language(charter: Charter) -> Language:
    """The language of what the pool's members read together: ``pool.language``, English when
    the charter does not say."""
    tag = getattr(charter.pool, "language", None)
    return language_from_tag(str(tag) if tag else None) or Language.EN


def _rule_text(rrule_text: str) -> str:
    text = rrule_text.strip()
    return text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text


def _meeting_events(
    charter: Charter, meeting: Meeting, overrides: Sequence[Override], stamp: datetime
) -> list[Event]:
    tz = charter.pool.timezone
    rule = recurrence(meeting, tz)
    changes = meeting_changes(meeting.id, overrides)
    uid = meeting_uid(charter, meeting.id)
    master = _event(
        uid, stamp, meeting.title, meeting.channel, meeting.starts.astimezone(tz), meeting.duration
    )
    master.add("rrule", vRecur.from_ical(_rule_text(meeting.rrule)))
    cancelled = sorted(c for c in changes.cancelled if rule_wall(rule, tz, c) is not None)
    if cancelled:
        master.add("exdate", [c.astimezone(tz) for c in cancelled])
    events = [master]
    for original, move in sorted(changes.moved.items()):
        if original in changes.cancelled or rule_wall(rule, tz, original) is None:
            continue
        start = move.new_start.astimezone(tz)
        event = _event(uid, stamp, meeting.title, meeting.channel, start, meeting.duration)
        event.add("recurrence-id", original.astimezone(tz))
        events.append(event)
    return events


def _span(starts: list[datetime], tz: ZoneInfo) -> tuple[date, date]:
    """The dates the VTIMEZONE must cover: from the first start's year to years past the last."""
    local = [s.astimezone(tz).date() for s in starts]
    return date(min(local).year, 1, 1), date(max(local).year + TIMEZONE_YEARS, 1, 1)


def to_ics(
    charter: Charter,
    overrides: Sequence[Override] = (),
    *,
    meeting_id: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The meetings (all, or those with ``meeting_id``) as an iCalendar file.

    ``stamp`` is every event's DTSTAMP (default: now); the rest of the file depends only on the
    charter and the overrides. An unknown ``meeting_id`` is
    :class:`~governance.errors.UnknownMeeting`.
    """
    with speaking(pool_language(charter)):
        return _to_ics(charter, overrides, meeting_id, stamp)


def _to_ics(
    charter: Charter,
    overrides: Sequence[Override],
    meeting_id: str | None,
    stamp: datetime | None,
) -> bytes:
    tz = charter.pool.timezone
    stamp = (datetime.now(UTC) if stamp is None else stamp).astimezone(UTC)
    meetings = [m for m in charter.meetings if meeting_id in (None, m.id)]
    one_offs = sorted(
        (o for o in overrides if isinstance(o, OneOff) and meeting_id in (None, o.meeting_id)),
        key=lambda o: (o.starts.astimezone(UTC), o.meeting_id),
    )
    if meeting_id is not None and not meetings and not one_offs:
        raise UnknownMeeting(meeting_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", local(charter.pool.name))
    calendar.add("x-wr-timezone", tz.key)
    for meeting in meetings:
        for event in _meeting_events(charter, meeting, overrides, stamp):
            calendar.add_component(event)
    for one_off in one_offs:
        start = one_off.starts.astimezone(tz)
        uid = one_off_uid(charter, one_off)
        calendar.add_component(
            _event(uid, stamp, one_off.title, one_off.channel, start, one_off.duration)
        )
    starts = [m.starts for m in meetings] + [o.starts for o in one_offs]
    starts += [o.new_start for o in overrides if isinstance(o, Moved)]
    if starts:
        first, last = _span(starts, tz)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data
