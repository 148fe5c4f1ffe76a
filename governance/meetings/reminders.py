"""Which reminder is due now: before a meeting (``meetings[].reminders``) or before a motion's
deadline (``motions.<kind>.reminders``).

Each offset gives a reminder due at ``start - offset``. A reminder is sent at most once: its
:attr:`ReminderDue.key` is recorded as sent (before or with sending) and never returned again.

**The skipping rule.** A reminder's window runs from its due time until the next (later-due)
reminder falls due, and the last one's window until the start. A reminder is returned only inside
its window; once a later reminder falls due, the earlier one is skipped for good. So after downtime,
or for a meeting added three days ahead with offsets ``[7d, 1d, 1h]``, only the reminder whose
window holds *now* goes out: the 7-day reminder at once (it says "in 3 days"), then 1d and 1h, and
never a 7-day reminder one hour before the start. Windows do not overlap, so at most one reminder
is due at a time, and nothing about skipped reminders needs recording. Nothing is due once the
start has come, and nothing ever for a cancelled occurrence.

Offsets are elapsed time (``1d`` is 24 hours, also across a daylight-saving change).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from governance.meetings.occurrences import Occurrence, OccurrenceStatus, require_aware


def offset_text(offset: timedelta) -> str:
    """``7d``, ``1h``, ``90m``: the offset in its largest whole unit, as keys spell it.

    Kept here rather than shared, because a sent reminder's key must never change spelling.
    """
    seconds = int(offset.total_seconds())
    for suffix, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{suffix}"
    return f"{seconds}s"


@dataclass(frozen=True)
class ReminderDue:
    """One reminder: its idempotency key, its offset before the start, and when it falls due."""

    key: str
    offset: timedelta
    due_at: datetime


def reminder_plan(
    key_prefix: str, start: datetime, offsets: Iterable[timedelta]
) -> list[ReminderDue]:
    """Every reminder of an event at ``start``, earliest due first (largest offset first).

    Keys are ``<key_prefix>/<offset>`` (``…/7d``). The scheduler can wake at each ``due_at``;
    :func:`due_now` decides what to send when it does.
    """
    require_aware("start", start)
    unique = sorted(set(offsets), reverse=True)
    if any(offset <= timedelta(0) for offset in unique):
        raise ValueError(f"reminder offsets must be positive, got {unique}")
    at = start.astimezone(UTC)
    return [ReminderDue(f"{key_prefix}/{offset_text(o)}", o, at - o) for o in unique]


def due_now(
    plan: list[ReminderDue], start: datetime, now: datetime, sent_keys: Collection[str]
) -> list[ReminderDue]:
    """The reminder of ``plan`` whose window holds ``now``, unless already sent (see above)."""
    require_aware("now", now)
    ends = [r.due_at for r in plan[1:]] + [start.astimezone(UTC)]
    return [
        reminder
        for reminder, window_end in zip(plan, ends, strict=True)
        if reminder.due_at <= now < window_end and reminder.key not in sent_keys
    ]


def meeting_reminder_prefix(occurrence: Occurrence) -> str:
    """``<occurrence key>/reminder``; a moved occurrence adds its new start (UTC), so moving a
    meeting gives it a fresh set of reminders for its new time."""
    prefix = f"{occurrence.key}/reminder"
    if occurrence.status is OccurrenceStatus.MOVED:
        prefix += f"@{occurrence.starts.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return prefix


def reminders_due(
    occurrence: Occurrence,
    offsets: Iterable[timedelta],
    now: datetime,
    sent_keys: Collection[str],
) -> list[ReminderDue]:
    """``meetings[].reminders``: the meeting reminder to post now, if any (at most one)."""
    if occurrence.status is OccurrenceStatus.CANCELLED:
        return []
    plan = reminder_plan(meeting_reminder_prefix(occurrence), occurrence.starts, offsets)
    return due_now(plan, occurrence.starts, now, sent_keys)


def vote_reminders_due(
    motion_id: str,
    closes_at: datetime,
    offsets: Iterable[timedelta],
    now: datetime,
    sent_keys: Collection[str],
) -> list[ReminderDue]:
    """``motions.<kind>.reminders``: the vote reminder to send now for one motion, if any.

    The key is per motion (``motion/<id>/vote-reminder/<offset>``); the bot DMs the
    representatives of each member that has not voted, keying each DM by this key and the member.
    """
    plan = reminder_plan(f"motion/{motion_id}/vote-reminder", closes_at, offsets)
    return due_now(plan, closes_at, now, sent_keys)
