"""Complaint notices: the supervisors' channel and the operator's DMs, ids and statuses only.

Every text here comes from :func:`~bot.slack.complaint_blocks.summary_line`, so a notice cannot say
more than a complaint's id, category, status and deadlines. Reminders and the escalation flag are
claimed in the database before they are sent, and released if Slack refuses them, so each goes out
once across sweeps, replicas and restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.runtime import Runtime
from bot.slack.complaint_blocks import DEADLINE_WORDS, summary_line
from bot.slack.wording import date_token
from governance.charter import Charter
from governance.complaints import Complaint, Reminder
from governance.services import complaint_deadlines as deadlines
from governance.services.complaint_commands import (
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintFiled,
    ComplaintMotionOpened,
)
from governance.services.queries import charter_in_force

log = logging.getLogger(__name__)
HOW_TO_OPEN = "Open it from poolgov's App Home or with `/complaint show {id}`."


def _charter(rt: Runtime) -> Charter:
    return charter_in_force(rt.reader(), rt.parse).charter


def to_supervisors(rt: Runtime, text: str, charter: Charter | None = None) -> bool:
    channel = (charter or _charter(rt)).supervisors.channel
    if not channel:
        log.info("no supervisors.channel in the charter; complaint notice not posted")
        return False
    rt.client.chat_postMessage(channel=channel, text=text)
    return True


def to_operator(rt: Runtime, text: str, charter: Charter | None = None) -> None:
    for user in (charter or _charter(rt)).operator.users:
        rt.client.chat_postMessage(channel=user, text=text)  # the app's DM with the user


def announce(rt: Runtime, events: Iterable[ComplaintEvent]) -> None:
    """Tell the supervisors (and, for a new complaint, the operator) what happened."""
    charter = _charter(rt)
    for event in events:
        complaint = event.complaint
        if isinstance(event, ComplaintEscalated):
            flag_escalation(rt, complaint, charter)
            continue
        line = summary_line(complaint)
        if isinstance(event, ComplaintFiled):
            to_supervisors(rt, f":memo: New {line}", charter)
            to_operator(rt, f":memo: New {line}. {HOW_TO_OPEN.format(id=complaint.id)}", charter)
        elif isinstance(event, ComplaintMotionOpened):
            to_supervisors(rt, f":ballot_box: {line}: put to the members", charter)
        else:
            to_supervisors(rt, line, charter)


def flag_escalation(rt: Runtime, complaint: Complaint, charter: Charter | None = None) -> None:
    """Flag an escalated complaint in the supervisors' channel, once."""
    key = deadlines.escalation_notice_key(complaint.id)
    if not deadlines.claim_notice(rt.new_uow(), key, complaint.id, rt.clock()):
        return
    try:
        text = (
            f":rotating_light: Escalated: {summary_line(complaint)}. "
            "It is on the agenda of the next meeting."
        )
        if not to_supervisors(rt, text, charter):
            return
    except Exception:
        deadlines.release_notice(rt.new_uow(), key)
        raise


def remind(rt: Runtime, reminder: Reminder, complaint: Complaint | None = None) -> None:
    """DM the operator's users that a deadline is near, once per reminder key."""
    if not deadlines.claim_notice(rt.new_uow(), reminder.key, reminder.complaint_id, rt.clock()):
        return
    what = DEADLINE_WORDS[reminder.deadline.value]
    text = (
        f":alarm_clock: Reminder: complaint *{reminder.complaint_id}*: {what} "
        f"{date_token(reminder.deadline_at)}. {HOW_TO_OPEN.format(id=reminder.complaint_id)}"
    )
    try:
        to_operator(rt, text)
    except Exception:
        deadlines.release_notice(rt.new_uow(), reminder.key)
        raise
