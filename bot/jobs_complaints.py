"""The complaint deadlines on the sweep: reminders before, escalation after, each exactly once.

The sweep (start-up and every ``POOLGOV_SWEEP_INTERVAL`` on the leader) is the complaint clock:
deadlines are days long, so a minute's lateness is immaterial, and a sweep after downtime catches
up. Escalation is a status change under a row lock; reminders and the escalation flag are claimed
keys (:mod:`bot.slack.complaint_notices`). Failures are logged with ids only and retried next time.
"""

from __future__ import annotations

import logging

from bot.runtime import Runtime
from bot.slack.complaint_notices import flag_escalation, remind
from governance.services import complaint_deadlines as deadlines

log = logging.getLogger(__name__)


def complaint_sweep(rt: Runtime) -> None:
    now = rt.clock()
    try:
        overdue = deadlines.overdue_complaints(rt.reader(), now)
        if overdue:
            deadlines.escalate_overdue_complaints(rt.new_uow(), now, overdue)
        for complaint in deadlines.unannounced_escalations(rt.reader()):
            flag_escalation(rt, complaint)
        for reminder in deadlines.reminders_due(rt.reader(), now):
            remind(rt, reminder)
    except Exception as error:
        log.exception(
            "complaint sweep failed (%s); the next sweep tries again", type(error).__name__
        )
