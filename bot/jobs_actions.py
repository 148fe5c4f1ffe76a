"""Follow-up actions on the sweep: reminders to owners before the due date, the overdue flag in
the supervisors' channel after it, each exactly once.

The sweep (start-up and every ``POOLGOV_SWEEP_INTERVAL`` on the leader) is the actions' clock: due
dates are days long, and a sweep after downtime catches up. Reminders and the flag are outbox keys
under ``action/<id>/`` (:mod:`bot.slack.follow_ups`): a key enqueued is never due again, and the
outbox sends it once, also after a crash between enqueue and send. Failures are logged with ids
only and retried next time.
"""

from __future__ import annotations

import logging

from bot.runtime import Runtime
from bot.slack.follow_ups import flag_overdue, remind
from governance.services import actions

log = logging.getLogger(__name__)


def action_sweep(rt: Runtime) -> None:
    now = rt.clock()
    try:
        for reminder in actions.reminders_owed(rt.reader(), rt.parse, now):
            remind(rt, reminder)
        for action in actions.overdue_unflagged(rt.reader(), now):
            flag_overdue(rt, action)
    except Exception as error:
        log.exception("action sweep failed (%s); the next sweep tries again", type(error).__name__)
