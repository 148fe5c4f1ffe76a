"""Scheduled work: module-level jobs that take ids, call the same services a person would, and
return early when there is nothing to do. Each is idempotent, so the sweep and a timed job may both
fire without doing anything twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.fanout import fanout_pace
from bot.jobs_actions import action_sweep
from bot.jobs_complaints import complaint_sweep
from bot.jobs_meetings import sweep_meetings
from bot.jobs_witness import schedule_witness
from bot.motion_posts import close_if_due
from bot.outbox import deliver_due
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from bot.slack.minutes import publish_missed
from governance.services import queries
from governance.services.closing import everyone_voted

log = logging.getLogger(__name__)


def close_job(rt: Runtime, motion_id: str) -> None:
    """At a motion's deadline: close it (first closer wins) and declare the result."""
    close_if_due(rt, motion_id)


def sweep(rt: Runtime, scheduler: Scheduler | None = None) -> None:
    """Catch up on whatever is due: deadlines passed while down, messages left showing old state.

    Runs at start-up and every minute on the leader. A motion everyone has voted on is handed to
    the early closer, which closes it ``close_grace`` later unless it is already waiting to: its
    own early close may have been lost with a process that died, or have failed.
    """
    now = rt.clock()
    for motion_id in queries.motions_due(rt.reader(), now):
        try:
            close_if_due(rt, motion_id, now)
        except Exception:
            log.exception("closing motion %s failed; the next sweep tries again", motion_id)
    try:
        ready = everyone_voted(rt.reader())
    except Exception:
        log.exception("finding motions everyone has voted on failed; the next sweep tries again")
        ready = []
    for motion_id in ready:
        rt.close_early(motion_id)
    for key in rt.posts.stale():
        rt.refresh(key, True)
    try:  # every notice still owed: unshown motions' posts, results, reminders, DMs
        deliver_due(rt, fanout_pace(rt))
    except Exception:
        log.exception("sending pending notices failed; the next sweep tries again")
    complaint_sweep(rt)  # reminders, escalations and their flags, each once
    action_sweep(rt)  # follow-up actions: owners' reminders, overdue flags, each once
    sweep_meetings(rt, scheduler)  # meeting reminders, agendas, check-ins, quorum; vote reminders
    try:  # approved minutes whose publication was lost
        publish_missed(rt)
    except Exception:
        log.exception("publishing approved minutes failed; the next sweep tries again")
    if scheduler is not None:
        for view in queries.open_motions(rt.reader()):
            if view.motion.is_shown:  # an unshown motion's period has not started
                schedule_close(rt, scheduler, view.motion.id, view.motion.closes_at)
        schedule_witness(rt, scheduler)  # the daily signed head in the supervisors' channel


def schedule_close(rt: Runtime, scheduler: Scheduler, motion_id: str, closes_at: datetime) -> None:
    scheduler.at(f"close:{motion_id}", closes_at, close_job, rt, motion_id)
