"""The iCalendar export, parsed back with icalendar and expanded independently with dateutil from
its own RRULE, EXDATE and RECURRENCE-ID: it must give the same instants as ``occurrences``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from icalendar import Calendar, Component

from bot.calendar import occurrences
from bot.ics import to_ics
from governance.meetings import Cancelled, Moved, OccurrenceStatus, OneOff, Override
from tests.unit.meetings.meetings import BERLIN, NEW_YORK, assembly, charter, committee

STAMP = datetime(2027, 1, 1, tzinfo=UTC)
WEEKLY = assembly(BERLIN, "FREQ=WEEKLY;BYDAY=TU")
OVERRIDES: list[Override] = [
    Cancelled("general-assembly", datetime(2027, 3, 30, 10, 0, tzinfo=BERLIN)),  # first CEST week
    Cancelled("general-assembly", datetime(2027, 11, 2, 10, 0, tzinfo=BERLIN)),
    Moved(
        "general-assembly",
        datetime(2027, 10, 26, 10, 0, tzinfo=BERLIN),
        datetime(2027, 10, 28, 15, 0, tzinfo=BERLIN),
    ),
    OneOff(
        "strategy-day",
        "Strategy Day",
        datetime(2027, 6, 1, 9, 0, tzinfo=BERLIN),
        timedelta(hours=6),
        "C0STRAT",
    ),
]


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def prop(component: Component, name: str) -> Any:
    """A property as parsed; icalendar types it as a union of every value type."""
    return component[name]


def events(calendar: Calendar, uid: str) -> list[Component]:
    return [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]


def dates(value: Any) -> list[datetime]:
    """Every datetime of an EXDATE property, which may be one line or several."""
    lines = value if isinstance(value, list) else [value]
    return [d.dt for line in lines for d in line.dts]


def expand(calendar: Calendar, uid: str, start: datetime, end: datetime) -> list[datetime]:
    """What a calendar application shows: RRULE minus EXDATE, with RECURRENCE-IDs replaced."""
    (master,) = [e for e in events(calendar, uid) if "RECURRENCE-ID" not in e]
    dtstart = prop(master, "DTSTART").dt
    rule = rrulestr(prop(master, "RRULE").to_ical().decode(), dtstart=dtstart)
    excluded = {d.astimezone(UTC) for d in dates(master.get("EXDATE", []))}
    moved = {
        prop(e, "RECURRENCE-ID").dt.astimezone(UTC): prop(e, "DTSTART").dt.astimezone(UTC)
        for e in events(calendar, uid)
        if "RECURRENCE-ID" in e
    }
    instants = []
    for local in rule.between(start - timedelta(days=8), end + timedelta(days=8), inc=True):
        original = local.astimezone(UTC)
        if original not in excluded:
            instants.append(moved.get(original, original))
    return sorted(i for i in instants if start <= i < end)


def test_the_calendar_has_a_vtimezone_and_an_event_per_meeting_with_zoned_start_and_rrule():
    calendar = parse(to_ics(charter(BERLIN, assembly(BERLIN), committee(BERLIN)), stamp=STAMP))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    masters = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in masters] == [
        "general-assembly@test-pool.poolgov",
        "licensing-committee@test-pool.poolgov",
    ]
    assert prop(masters[0], "DTSTART").params["TZID"] == "Europe/Berlin"
    assert prop(masters[0], "DTSTART").dt == datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN)
    assert prop(masters[0], "RRULE").to_ical() == b"FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
    assert prop(masters[0], "DURATION").dt == timedelta(hours=2)
    assert str(prop(masters[1], "SUMMARY")) == "Licensing Committee"


def test_cancellations_are_exdates_moves_are_recurrence_ids_and_one_offs_plain_events():
    calendar = parse(to_ics(charter(BERLIN, WEEKLY), OVERRIDES, stamp=STAMP))
    (master, moved) = events(calendar, "general-assembly@test-pool.poolgov")
    assert sorted(dates(prop(master, "EXDATE"))) == [
        datetime(2027, 3, 30, 10, 0, tzinfo=BERLIN),
        datetime(2027, 11, 2, 10, 0, tzinfo=BERLIN),
    ]
    assert prop(moved, "RECURRENCE-ID").dt == datetime(2027, 10, 26, 10, 0, tzinfo=BERLIN)
    assert prop(moved, "DTSTART").dt == datetime(2027, 10, 28, 15, 0, tzinfo=BERLIN)
    (one_off,) = events(calendar, "strategy-day-20270601T070000Z@test-pool.poolgov")
    assert "RRULE" not in one_off
    assert str(prop(one_off, "SUMMARY")) == "Strategy Day"


def test_expanding_the_file_independently_gives_the_same_instants_as_occurrences():
    start, end = datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    calendar = parse(to_ics(charter(BERLIN, WEEKLY), OVERRIDES, stamp=STAMP))
    ours = occurrences(WEEKLY, BERLIN, start, end, OVERRIDES)
    shown = [o.starts for o in ours if o.status is not OccurrenceStatus.CANCELLED]
    shown = [o for o in shown if o != datetime(2027, 6, 1, 7, 0, tzinfo=UTC)]  # the one-off
    assert expand(calendar, "general-assembly@test-pool.poolgov", start, end) == shown
    assert len(shown) == 52 - 2


def test_the_same_holds_in_new_york():
    start, end = datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    weekly = assembly(NEW_YORK, "FREQ=WEEKLY;BYDAY=TU")
    calendar = parse(to_ics(charter(NEW_YORK, weekly), stamp=STAMP))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    ours = [o.starts for o in occurrences(weekly, NEW_YORK, start, end)]
    assert expand(calendar, "general-assembly@test-pool.poolgov", start, end) == ours


def test_the_export_is_stable_and_can_be_limited_to_one_meeting():
    pool = charter(BERLIN, assembly(BERLIN), committee(BERLIN))
    assert to_ics(pool, OVERRIDES, stamp=STAMP) == to_ics(pool, OVERRIDES, stamp=STAMP)
    only = parse(to_ics(pool, OVERRIDES, meeting_id="licensing-committee", stamp=STAMP))
    assert [str(e["UID"]) for e in only.walk("VEVENT")] == ["licensing-committee@test-pool.poolgov"]
