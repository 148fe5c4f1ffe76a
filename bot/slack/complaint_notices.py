"""Complaint notices: the supervisors' channel and the operator's DMs, ids and statuses only.

Every text here comes from :func:`~bot.slack.complaint_blocks.summary_line`, so a notice cannot say
more than a complaint's id, category, status and deadlines. Each goes through the outbox under a
key that starts ``complaint/<id>/`` (a DM under ``<key>/to/<user>``), so each goes out exactly
once across sweeps, replicas and restarts; one Slack refused is sent by a later sweep. A step's
notices are queued by its service, in the step's transaction, and rendered when sent
(:mod:`bot.notice_content`); the escalation flag and the reminders are queued here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot import outbox
from bot.i18n import _, t
from bot.runtime import Runtime
from bot.slack.complaint_blocks import DEADLINE_WORDS, how_to_open, summary_line
from bot.slack.date_words import date_token
from bot.slack.locales import for_channel, for_reader
from bot.slack.mrkdwn import Mrkdwn, require
from governance.charter import Charter
from governance.complaints import Complaint, Reminder
from governance.notices import dm_key
from governance.services.complaint_commands import ComplaintEscalated, ComplaintEvent
from governance.services.complaint_notices import escalation_notice_key
from governance.services.queries import charter_in_force

log = logging.getLogger(__name__)


def _charter(rt: Runtime) -> Charter:
    return charter_in_force(rt.reader(), rt.parse).charter


#: a notice's text, rendered in the language being spoken when it is called
Said = Mrkdwn | Callable[[], Mrkdwn]


def _render(said: Said) -> Mrkdwn:
    return require(said() if callable(said) else said)


def to_supervisors(rt: Runtime, key: str, said: Said, charter: Charter | None = None) -> bool:
    """Post in the supervisors' channel, in the pool's language (``said`` rendered in it)."""
    channel = (charter or _charter(rt)).supervisors.channel
    if not channel:
        log.info("no supervisors.channel in the charter; complaint notice not posted")
        return False
    with for_channel(rt):
        text = _render(said)
    outbox.post(rt, key, channel, text)
    return True


def to_operator(rt: Runtime, key: str, said: Said, charter: Charter | None = None) -> None:
    """DM each of the operator's users, each in their own language (``said`` rendered in it)."""
    for user in (charter or _charter(rt)).operator.users:
        with for_reader(rt, user):
            text = _render(said)
        outbox.post(rt, dm_key(key, user), user, text)  # the app's DM with the user


def announce(rt: Runtime, events: Iterable[ComplaintEvent]) -> None:
    """Send now the notices each step queued in its transaction (the supervisors' channel and,
    for a new complaint, the operator's DMs; the sweep sends any left pending), and flag an
    escalation."""
    for event in events:
        if isinstance(event, ComplaintEscalated):
            flag_escalation(rt, event.complaint)
            continue
        for key in event.notices:
            outbox.deliver(rt, key)


def flag_escalation(rt: Runtime, complaint: Complaint, charter: Charter | None = None) -> None:
    """Flag an escalated complaint in the supervisors' channel, once."""

    def said() -> Mrkdwn:
        return t(
            ":rotating_light: Escalated: {summary}. It is on the agenda of the next meeting.",
            summary=summary_line(complaint),
        )

    to_supervisors(rt, escalation_notice_key(complaint.id), said, charter)


def remind(rt: Runtime, reminder: Reminder, complaint: Complaint | None = None) -> None:
    """DM the operator's users that a deadline is near, once per reminder key."""

    def said() -> Mrkdwn:
        return t(
            ":alarm_clock: Reminder: complaint *{complaint}*: {deadline} {at}. {how}",
            complaint=reminder.complaint_id,
            deadline=_(DEADLINE_WORDS[reminder.deadline.value]),
            at=date_token(reminder.deadline_at),
            how=how_to_open(reminder.complaint_id),
        )

    to_operator(rt, reminder.key, said)
