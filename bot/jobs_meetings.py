"""Scheduled meeting work and vote reminders: module-level jobs that take ids and do whatever is
due for them now, idempotently.

- :func:`tend_occurrence` brings one occurrence up to date: the reminder whose window holds now,
  the agenda frozen and posted at its deadline, the check-in posted at the start, the quorum
  recorded and posted at the start plus the grace. Nothing for a cancelled occurrence.
- :func:`remind_voters` DMs the representatives of members that have not voted on a motion.
- :func:`sweep_meetings` (from :func:`bot.jobs.sweep`, at start-up and every sweep interval on the
  leader) runs both for everything in a window around now, which catches whatever was missed, and
  asks the scheduler to wake at each coming instant. The rows say what was done; the scheduler is
  only a wake-up call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from bot import meeting_posts
from bot.fanout import fan_out
from bot.meeting_posts import CALENDAR, check_in_post
from bot.notice_content import UNLESS_VOTED
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from bot.slack.locales import for_reader
from bot.slack.motion_blocks import vote_reminder_message
from bot.slack.publisher import member_names
from governance.charter import Charter, Meeting
from governance.meetings.agenda import agenda_closes_at
from governance.meetings.attendance import check_in_closes_at
from governance.meetings.commands import FreezeAgenda, RecordAttendance
from governance.meetings.occurrences import Occurrence
from governance.meetings.reminders import meeting_reminder_prefix, reminder_plan, reminders_due
from governance.services import notices, queries
from governance.services.meeting_agenda import freeze_agenda
from governance.services.meeting_attendance import attendance_so_far, record_attendance
from governance.services.meetings import meeting_rules, window
from governance.services.vote_reminders import still_to_vote, vote_reminder_due

log = logging.getLogger(__name__)

LOOKBACK = timedelta(days=2)  # a quorum missed while down is still recorded this long after
MIN_LOOKAHEAD = timedelta(days=2)

_schedulers: dict[int, Scheduler] = {}
_schedulers_lock = threading.Lock()


def tend_occurrence(rt: Runtime, key: str, now: datetime | None = None) -> None:
    """Do what is due now for one occurrence; every step is recorded or queued once, so twice
    changes nothing."""
    now = now or rt.clock()
    found, _, _, _ = attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)
    occurrence, meeting = found.occurrence, found.meeting
    if occurrence.cancelled:
        return
    if meeting.reminders and now < occurrence.starts:
        sent = notices.keys(rt.reader(), meeting_reminder_prefix(occurrence))
        for due in reminders_due(occurrence, meeting.reminders, now, sent):
            meeting_posts.post_reminder(rt, key, due)
    if now >= agenda_closes_at(occurrence.starts, meeting):
        freeze_agenda(FreezeAgenda(key), rt.new_uow(), now, rt.parse, CALENDAR)
        if now < occurrence.ends:
            meeting_posts.post_agenda(rt, key)
    if occurrence.starts <= now < occurrence.ends:
        meeting_posts.post_check_in(rt, key, now)
    if now >= check_in_closes_at(occurrence.starts, meeting.check_in_grace):
        record_attendance(RecordAttendance(key), rt.new_uow(), now, rt.parse, CALENDAR)
        meeting_posts.post_attendance(rt, key)
    if now >= occurrence.ends and meeting_posts.check_in_still_open(rt, key):
        rt.refresh(check_in_post(key), True)  # the check-in button goes


def occurrence_job(rt: Runtime, key: str) -> None:
    try:
        tend_occurrence(rt, key)
    except Exception:
        log.exception("meeting %s: a step failed; the next sweep tries again", key)


def remind_voters(rt: Runtime, motion_id: str, now: datetime | None = None) -> None:
    """The vote reminder due now, DMed once to each representative of a member yet to vote."""
    now = now or rt.clock()
    due = vote_reminder_due(rt.reader(), motion_id, now)
    if due is None:
        return
    motion = due.motion
    names = member_names(rt)
    for reminder in due.due:

        def wanted(user: str) -> bool:
            return still_to_vote(rt.reader(), motion.id, due.recipients[user])

        def message(user: str) -> tuple[str, list[dict[str, Any]]]:
            member = names.get(due.recipients[user], due.recipients[user])
            with for_reader(rt, user):  # a DM: in the representative's own language
                return vote_reminder_message(motion.id, motion.title, motion.closes_at, member)

        def guard(user: str) -> dict[str, Any]:
            return {UNLESS_VOTED: [motion.id, due.recipients[user]]}

        users = sorted(due.recipients)
        result = fan_out(rt, reminder.key, users, message, wanted=wanted, guard=guard)
        log.info(
            "vote reminder %s: %d sent, %d already, %d skipped, %d failed",
            reminder.key,
            len(result.sent),
            len(result.already),
            len(result.skipped),
            len(result.failed),
        )


def vote_reminder_job(rt: Runtime, motion_id: str) -> None:
    try:
        remind_voters(rt, motion_id)
    except Exception:
        log.exception("vote reminders for motion %s failed; the next sweep tries again", motion_id)


def lookahead(charter: Charter) -> timedelta:
    longest = [MIN_LOOKAHEAD]
    for meeting in charter.meetings:
        longest += [*meeting.reminders, meeting.agenda_closes]
    return max(longest) + timedelta(hours=1)


def wake_times(occurrence: Occurrence, meeting: Meeting) -> Iterable[datetime]:
    """Every instant at which something may fall due for the occurrence."""
    if meeting.reminders:
        plan = reminder_plan(
            meeting_reminder_prefix(occurrence), occurrence.starts, meeting.reminders
        )
        yield from (r.due_at for r in plan)
    yield agenda_closes_at(occurrence.starts, meeting)
    yield occurrence.starts
    yield check_in_closes_at(occurrence.starts, meeting.check_in_grace)
    yield occurrence.ends


def schedule_occurrence(
    rt: Runtime, scheduler: Scheduler, occurrence: Occurrence, meeting: Meeting, now: datetime
) -> None:
    for when in sorted(set(wake_times(occurrence, meeting))):
        if when > now:
            job_id = f"meeting:{occurrence.key}:{when:%Y%m%dT%H%M%S}"
            scheduler.at(job_id, when, occurrence_job, rt, occurrence.key)


def wake(rt: Runtime, occurrence: Occurrence) -> None:
    """After the operator added or moved a meeting: schedule its instants on this process's
    scheduler (if it leads), rather than waiting for the next sweep."""
    with _schedulers_lock:
        scheduler = _schedulers.get(id(rt))
    if scheduler is None:
        return
    charter = queries.charter_in_force(rt.reader(), rt.parse).charter
    schedule_occurrence(rt, scheduler, occurrence, meeting_rules(charter, occurrence), rt.clock())


def sweep_meetings(rt: Runtime, scheduler: Scheduler | None = None) -> None:
    """Catch up on every occurrence around now and every open motion's vote reminders."""
    now = rt.clock()
    if scheduler is not None:
        with _schedulers_lock:
            _schedulers[id(rt)] = scheduler
    charter, found = window(
        rt.reader(), rt.parse, CALENDAR, now - LOOKBACK, lambda c: now + lookahead(c)
    )
    for occurrence in found:
        if occurrence.cancelled:
            continue
        try:
            tend_occurrence(rt, occurrence.key, now)
        except Exception:
            log.exception("meeting %s: a step failed; the next sweep tries again", occurrence.key)
        if scheduler is not None:
            meeting = meeting_rules(charter, occurrence)
            schedule_occurrence(rt, scheduler, occurrence, meeting, now)
    for view in queries.open_motions(rt.reader()):
        motion = view.motion
        try:
            remind_voters(rt, motion.id, now)
        except Exception:
            log.exception("vote reminders for motion %s failed; retried next sweep", motion.id)
        if scheduler is not None:
            for offset in motion.rules.reminders:
                when = motion.closes_at - offset
                if when > now:
                    job_id = f"vote-reminder:{motion.id}:{when:%Y%m%dT%H%M%S}"
                    scheduler.at(job_id, when, vote_reminder_job, rt, motion.id)
