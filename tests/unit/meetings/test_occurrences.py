"""Occurrences of a recurring meeting: local wall time kept across daylight saving, checked against
dates worked out independently with the ``calendar`` module; moves, cancellations and one-offs."""

from __future__ import annotations

import calendar
import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import next_occurrences, occurrence_at, occurrences
from governance.errors import NotAnOccurrence
from governance.meetings import Cancelled, Moved, OccurrenceStatus, OneOff, Override
from tests.unit.meetings.meetings import BERLIN, NEW_YORK, SHANGHAI, assembly, charter, committee

YEAR_START = datetime(2027, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2028, 1, 1, tzinfo=UTC)


def first_tuesday(year: int, month: int) -> date:
    week = next(w for w in calendar.monthcalendar(year, month) if w[calendar.TUESDAY])
    return date(year, month, week[calendar.TUESDAY])


def every_tuesday(first: date, until: date) -> list[date]:
    days = []
    day = first
    while day < until:
        days.append(day)
        day += timedelta(days=7)
    return days


def ten_am(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=tz).astimezone(UTC)


@pytest.mark.parametrize("tz", [BERLIN, NEW_YORK, SHANGHAI], ids=str)
def test_a_year_of_quarterly_assemblies_matches_the_first_tuesdays_at_ten_local(tz):
    expected = [ten_am(first_tuesday(2027, month), tz) for month in (1, 4, 7, 10)]
    found = occurrences(assembly(tz), tz, YEAR_START, YEAR_END)
    assert [o.starts for o in found] == expected
    assert all(o.local_start.hour == 10 and o.local_start.minute == 0 for o in found)


@pytest.mark.parametrize(
    ("tz", "offsets"),
    [(BERLIN, {1, 2}), (NEW_YORK, {-5, -4}), (SHANGHAI, {8})],
    ids=["Europe/Berlin", "America/New_York", "Asia/Shanghai"],
)
def test_a_weekly_meeting_stays_at_ten_local_for_a_year_and_its_utc_time_moves_with_dst(
    tz, offsets
):
    meeting = assembly(tz, "FREQ=WEEKLY;BYDAY=TU")
    days = every_tuesday(date(2027, 1, 5), date(2028, 1, 1))
    found = occurrences(meeting, tz, YEAR_START, YEAR_END)
    assert len(found) == len(days) == 52
    assert [o.starts for o in found] == [ten_am(day, tz) for day in days]
    assert [o.local_start.date() for o in found] == days
    assert all(o.starts.tzinfo is UTC and o.ends - o.starts == timedelta(hours=2) for o in found)
    offsets_seen = {
        o.local_start.replace(tzinfo=None) - o.starts.replace(tzinfo=None) for o in found
    }
    hours = {offset // timedelta(hours=1) for offset in offsets_seen}
    assert hours == offsets


@pytest.mark.parametrize(
    ("tz", "last_before", "first_after"),
    [
        (BERLIN, date(2027, 3, 23), date(2027, 3, 30)),  # clocks go forward on Sunday 28 March
        (NEW_YORK, date(2027, 3, 9), date(2027, 3, 16)),  # and on Sunday 14 March
    ],
    ids=["Europe/Berlin", "America/New_York"],
)
def test_the_utc_time_is_an_hour_earlier_after_spring_forward(tz, last_before, first_after):
    found = {
        o.local_start.date(): o
        for o in occurrences(assembly(tz, "FREQ=WEEKLY;BYDAY=TU"), tz, YEAR_START, YEAR_END)
    }
    before, after = found[last_before], found[first_after]
    assert after.starts - before.starts == timedelta(days=7, hours=-1)
    assert before.local_start.hour == after.local_start.hour == 10


def test_shanghai_has_no_transition_a_week_is_always_168_hours():
    found = occurrences(assembly(SHANGHAI, "FREQ=WEEKLY;BYDAY=TU"), SHANGHAI, YEAR_START, YEAR_END)
    gaps = {b.starts - a.starts for a, b in itertools.pairwise(found)}
    assert gaps == {timedelta(days=7)}


def test_a_wall_time_the_clocks_skip_falls_later_by_the_gap_and_keeps_its_rule_key():
    sunday = assembly(BERLIN, "FREQ=WEEKLY;BYDAY=SU", datetime(2027, 3, 21, 2, 30, tzinfo=BERLIN))
    found = occurrences(
        sunday, BERLIN, datetime(2027, 3, 27, tzinfo=UTC), datetime(2027, 3, 29, tzinfo=UTC)
    )
    (skipped,) = found
    assert skipped.starts == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 02:30 at +01:00
    assert skipped.local_start.isoformat() == "2027-03-28T03:30:00+02:00"
    assert skipped.key == "general-assembly@2027-03-28T02:30"


def test_a_wall_time_repeated_at_fall_back_is_its_first_instance():
    sunday = assembly(BERLIN, "FREQ=WEEKLY;BYDAY=SU", datetime(2027, 10, 24, 2, 30, tzinfo=BERLIN))
    found = occurrences(
        sunday, BERLIN, datetime(2027, 10, 30, tzinfo=UTC), datetime(2027, 11, 1, tzinfo=UTC)
    )
    (repeated,) = found
    assert repeated.starts == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST, +02:00
    assert repeated.local_start.utcoffset() == timedelta(hours=2)


def test_until_in_utc_is_read_as_the_local_instant_and_is_inclusive():
    # 2027-03-02 10:00 CET is 09:00 UTC, so this UNTIL includes that Tuesday and no later one.
    meeting = assembly(BERLIN, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270302T090000Z")
    found = occurrences(meeting, BERLIN, YEAR_START, YEAR_END)
    assert [o.local_start.date() for o in found] == every_tuesday(
        date(2027, 1, 5), date(2027, 3, 3)
    )


def test_the_window_is_half_open_and_keys_name_the_local_wall_time():
    meeting = assembly(BERLIN)
    april = ten_am(date(2027, 4, 6), BERLIN)
    assert next(o.key for o in occurrences(meeting, BERLIN, april, YEAR_END)) == (
        "general-assembly@2027-04-06T10:00"
    )
    assert [o.starts for o in occurrences(meeting, BERLIN, YEAR_START, april)][-1] < april


def test_a_cancelled_occurrence_is_listed_as_cancelled_at_its_time():
    april = datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)
    found = occurrences(
        assembly(BERLIN), BERLIN, YEAR_START, YEAR_END, [Cancelled("general-assembly", april)]
    )
    statuses = {o.key: o.status for o in found}
    assert statuses["general-assembly@2027-04-06T10:00"] is OccurrenceStatus.CANCELLED
    assert sum(o.cancelled for o in found) == 1
    assert len(found) == 4


def test_a_moved_occurrence_keeps_its_key_and_original_start_and_is_listed_where_it_now_is():
    july = datetime(2027, 7, 6, 10, 0, tzinfo=BERLIN)
    moved_to = datetime(2027, 7, 8, 14, 0, tzinfo=BERLIN)
    found = occurrences(
        assembly(BERLIN), BERLIN, YEAR_START, YEAR_END, [Moved("general-assembly", july, moved_to)]
    )
    (moved,) = [o for o in found if o.status is OccurrenceStatus.MOVED]
    assert moved.key == "general-assembly@2027-07-06T10:00"
    assert moved.starts == moved_to.astimezone(UTC)
    assert moved.original_start == july.astimezone(UTC)
    assert moved.ends == moved.starts + timedelta(hours=2)
    assert [o.starts for o in found] == sorted(o.starts for o in found)
    assert len(found) == 4


def test_a_move_into_the_window_from_outside_it_is_found_and_one_out_of_it_is_not():
    january = datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN)
    move = Moved("general-assembly", january, datetime(2027, 2, 2, 10, 0, tzinfo=BERLIN))
    february = datetime(2027, 2, 1, tzinfo=UTC)
    assert [
        o.key
        for o in occurrences(
            assembly(BERLIN), BERLIN, february, datetime(2027, 3, 1, tzinfo=UTC), [move]
        )
    ] == ["general-assembly@2027-01-05T10:00"]
    assert occurrences(assembly(BERLIN), BERLIN, YEAR_START, february, [move]) == []


def test_a_cancellation_wins_over_a_move_and_an_override_off_the_rule_is_ignored():
    april = datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)
    overrides: list[Override] = [
        Moved("general-assembly", april, datetime(2027, 4, 8, 10, 0, tzinfo=BERLIN)),
        Cancelled("general-assembly", april),
        Cancelled("general-assembly", datetime(2027, 4, 7, 10, 0, tzinfo=BERLIN)),
        Cancelled("licensing-committee", datetime(2027, 7, 6, 10, 0, tzinfo=BERLIN)),
    ]
    found = occurrences(assembly(BERLIN), BERLIN, YEAR_START, YEAR_END, overrides)
    assert [o.status for o in found] == [
        OccurrenceStatus.SCHEDULED,
        OccurrenceStatus.CANCELLED,
        OccurrenceStatus.SCHEDULED,
        OccurrenceStatus.SCHEDULED,
    ]


def test_a_one_off_is_listed_with_its_own_title_channel_and_key():
    extra = OneOff(
        "general-assembly",
        "Extraordinary Assembly",
        datetime(2027, 5, 11, 9, 0, tzinfo=BERLIN),
        timedelta(hours=1),
        "C0EXTRA",
    )
    found = occurrences(assembly(BERLIN), BERLIN, YEAR_START, YEAR_END, [extra])
    (one_off,) = [o for o in found if o.status is OccurrenceStatus.ONE_OFF]
    assert one_off.key == "general-assembly@2027-05-11T09:00+one-off"
    assert (one_off.title, one_off.channel) == ("Extraordinary Assembly", "C0EXTRA")
    assert one_off.ends - one_off.starts == timedelta(hours=1)
    assert found.index(one_off) == 2  # between April and July


def test_occurrence_at_names_the_occurrence_or_refuses_a_time_the_rule_does_not_give():
    april = datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)
    assert occurrence_at(assembly(BERLIN), BERLIN, april.astimezone(UTC)).key == (
        "general-assembly@2027-04-06T10:00"
    )
    cancelled = occurrence_at(
        assembly(BERLIN), BERLIN, april, [Cancelled("general-assembly", april)]
    )
    assert cancelled.cancelled
    with pytest.raises(NotAnOccurrence) as refused:
        occurrence_at(assembly(BERLIN), BERLIN, april + timedelta(hours=1))
    assert refused.value.meeting_id == "general-assembly"
    assert str(refused.value) == (
        "The general-assembly meeting does not take place at 2027-04-06T11:00:00+02:00."
    )


def test_next_occurrences_merges_the_meetings_in_order_and_includes_one_in_progress():
    pool = charter(BERLIN, assembly(BERLIN), committee(BERLIN))
    during_april_assembly = datetime(2027, 4, 6, 11, 0, tzinfo=BERLIN)
    found = next_occurrences(pool, during_april_assembly, limit=4)
    assert [o.key for o in found] == [
        "general-assembly@2027-04-06T10:00",
        "licensing-committee@2027-04-15T15:00",
        "licensing-committee@2027-05-20T15:00",
        "licensing-committee@2027-06-17T15:00",
    ]


def test_next_occurrences_shows_moves_cancellations_and_one_offs_of_any_meeting_id():
    pool = charter(BERLIN, assembly(BERLIN))
    now = datetime(2027, 3, 1, tzinfo=UTC)
    overrides: list[Override] = [
        Cancelled("general-assembly", datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)),
        Moved(
            "general-assembly",
            datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN),
            datetime(2027, 3, 2, 10, 0, tzinfo=BERLIN),
        ),
        OneOff(
            "strategy-day",
            "Strategy Day",
            datetime(2027, 5, 4, 9, 0, tzinfo=BERLIN),
            timedelta(hours=6),
            "C0STRAT",
        ),
    ]
    found = next_occurrences(pool, now, overrides, limit=4)
    assert [(o.key, o.status) for o in found] == [
        ("general-assembly@2027-01-05T10:00", OccurrenceStatus.MOVED),
        ("general-assembly@2027-04-06T10:00", OccurrenceStatus.CANCELLED),
        ("strategy-day@2027-05-04T09:00+one-off", OccurrenceStatus.ONE_OFF),
        ("general-assembly@2027-07-06T10:00", OccurrenceStatus.SCHEDULED),
    ]


def test_overrides_and_windows_refuse_naive_datetimes():
    with pytest.raises(ValueError, match="time-zone-aware"):
        Cancelled("general-assembly", datetime(2027, 4, 6, 10, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="time-zone-aware"):
        occurrences(assembly(BERLIN), BERLIN, datetime(2027, 1, 1), YEAR_END)  # noqa: DTZ001
