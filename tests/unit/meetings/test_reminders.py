"""Meeting and vote reminders: each sent once, only inside its window, never for a cancelled
meeting; a run that has missed reminders sends only the one whose window holds now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.meetings import (
    Occurrence,
    OccurrenceStatus,
    reminder_plan,
    reminders_due,
    vote_reminders_due,
)

START = datetime(2027, 4, 6, 8, 0, tzinfo=UTC)
KEY = "general-assembly@2027-04-06T10:00"
OFFSETS = (timedelta(days=7), timedelta(days=1), timedelta(hours=1))


def occurrence(
    status: OccurrenceStatus = OccurrenceStatus.SCHEDULED, starts: datetime = START
) -> Occurrence:
    return Occurrence(
        "general-assembly",
        KEY,
        "General Assembly",
        "C0GENERAL",
        starts,
        starts + timedelta(hours=2),
        starts,
        status,
        START,
    )


def run(
    ticks: Iterable[datetime],
    occ: Occurrence | None = None,
    offsets: Sequence[timedelta] = OFFSETS,
) -> dict[str, datetime]:
    """Call ``reminders_due`` at each tick, recording what it returns as sent: (tick, key)."""
    sent: dict[str, datetime] = {}
    for tick in ticks:
        for due in reminders_due(occ or occurrence(), offsets, tick, sent):
            assert due.key not in sent
            sent[due.key] = tick
    return sent


def test_the_plan_lists_each_reminder_earliest_first_with_its_key():
    plan = reminder_plan(KEY + "/reminder", START, [timedelta(hours=1), *OFFSETS])
    assert [(r.key, r.due_at) for r in plan] == [
        (f"{KEY}/reminder/7d", START - timedelta(days=7)),
        (f"{KEY}/reminder/1d", START - timedelta(days=1)),
        (f"{KEY}/reminder/1h", START - timedelta(hours=1)),
    ]


def test_each_reminder_goes_out_once_at_its_due_time_when_the_bot_is_always_up():
    ticks = [START - timedelta(days=8) + timedelta(minutes=5 * i) for i in range(8 * 24 * 12 + 36)]
    assert run(ticks) == {
        f"{KEY}/reminder/7d": START - timedelta(days=7),
        f"{KEY}/reminder/1d": START - timedelta(days=1),
        f"{KEY}/reminder/1h": START - timedelta(hours=1),
    }


def test_nothing_is_due_before_the_first_reminder_or_from_the_start_on():
    assert reminders_due(occurrence(), OFFSETS, START - timedelta(days=7, seconds=1), set()) == []
    assert reminders_due(occurrence(), OFFSETS, START, set()) == []
    assert reminders_due(occurrence(), OFFSETS, START + timedelta(minutes=5), set()) == []


def test_one_hour_before_a_meeting_no_week_or_day_reminder_goes_out_only_the_hour_one():
    (due,) = reminders_due(occurrence(), OFFSETS, START - timedelta(minutes=59), set())
    assert (due.key, due.offset) == (f"{KEY}/reminder/1h", timedelta(hours=1))


def test_a_meeting_added_three_days_ahead_gets_the_week_reminder_at_once_then_the_others():
    ticks = [START - timedelta(days=3) + timedelta(minutes=10 * i) for i in range(3 * 24 * 6)]
    assert list(run(ticks).values()) == [
        START - timedelta(days=3),
        START - timedelta(days=1),
        START - timedelta(hours=1),
    ]


def test_after_downtime_the_skipped_reminder_stays_skipped_without_being_recorded():
    back = START - timedelta(hours=20)  # down through the week reminder's whole window
    sent = run([back + timedelta(minutes=i) for i in range(20 * 60)])
    assert list(sent) == [f"{KEY}/reminder/1d", f"{KEY}/reminder/1h"]
    assert sent[f"{KEY}/reminder/1d"] == back  # at once: its window holds the first run


def test_a_cancelled_occurrence_never_gets_a_reminder():
    cancelled = occurrence(OccurrenceStatus.CANCELLED)
    for minutes in (60 * 24 * 7, 60 * 24, 60, 1):
        assert reminders_due(cancelled, OFFSETS, START - timedelta(minutes=minutes), set()) == []


def test_a_moved_occurrence_gets_fresh_reminders_for_its_new_time():
    later = START + timedelta(days=2)
    moved = occurrence(OccurrenceStatus.MOVED, later)
    sent = {f"{KEY}/reminder/1d", f"{KEY}/reminder/1h"}  # sent for the original time
    (due,) = reminders_due(moved, OFFSETS, later - timedelta(hours=1), sent)
    assert due.key == f"{KEY}/reminder@20270408T080000Z/1h"


def test_offsets_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        reminders_due(occurrence(), [timedelta(0)], START, set())


def test_vote_reminders_follow_the_same_rule_per_motion():
    closes = datetime(2027, 4, 13, 8, 0, tzinfo=UTC)
    offsets = [timedelta(days=1), timedelta(hours=2)]
    assert vote_reminders_due("m-7", closes, offsets, closes - timedelta(days=2), set()) == []
    (day,) = vote_reminders_due("m-7", closes, offsets, closes - timedelta(hours=3), set())
    assert day.key == "motion/m-7/vote-reminder/1d"
    assert vote_reminders_due("m-7", closes, offsets, closes - timedelta(hours=3), {day.key}) == []
    (late,) = vote_reminders_due("m-7", closes, offsets, closes - timedelta(hours=1), set())
    assert late.key == "motion/m-7/vote-reminder/2h"
    assert vote_reminders_due("m-7", closes, offsets, closes, set()) == []


@given(
    st.lists(st.integers(min_value=-8 * 24 * 60, max_value=60), min_size=1, max_size=60),
    st.lists(st.integers(min_value=1, max_value=14 * 24 * 60), min_size=1, max_size=4),
)
def test_any_schedule_of_runs_sends_each_reminder_at_most_once_inside_its_window(minutes, offs):
    offsets = [timedelta(minutes=m) for m in offs]
    ticks = [START + timedelta(minutes=m) for m in sorted(minutes)]
    sent = run(ticks, offsets=offsets)
    plan = reminder_plan(f"{KEY}/reminder", START, offsets)
    ends = [r.due_at for r in plan[1:]] + [START]
    windows = {r.key: (r.due_at, end) for r, end in zip(plan, ends, strict=True)}
    for key, at in sent.items():
        assert windows[key][0] <= at < windows[key][1]
    assert list(sent) == [r.key for r in plan if r.key in sent]  # in the plan's order
    if ticks[-1] < START:
        current = [k for k, (begin, end) in windows.items() if begin <= ticks[-1] < end]
        assert all(k in sent for k in current)  # the reminder due at the last run went out
