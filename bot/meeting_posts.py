"""Meeting messages in Slack: each posted once (through the outbox) and re-rendered from the
database when members answer or check in.

Post keys (``slack_posts``): ``meeting:<occurrence key>`` is the latest reminder, whose forecast is
refreshed; ``meeting-check-in:<occurrence key>`` is the check-in message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot import outbox
from bot.meeting_calendar import RruleCalendar
from bot.runtime import Runtime
from bot.slack import meeting_blocks
from bot.slack.locales import for_channel
from bot.slack.mrkdwn import Mrkdwn, require
from bot.slack.publisher import member_names
from bot.slack.publisher import render as render_motion
from governance.meetings.reminders import ReminderDue
from governance.services.meeting_agenda import agenda_of
from governance.services.meeting_attendance import attendance_so_far

log = logging.getLogger(__name__)

CALENDAR = RruleCalendar()
REMINDER_POST = "meeting:"
CHECK_IN_POST = "meeting-check-in:"
CLOSED = "closed"


def reminder_post(key: str) -> str:
    return REMINDER_POST + key


def check_in_post(key: str) -> str:
    return CHECK_IN_POST + key


def post_once(
    rt: Runtime,
    notice_key: str,
    channel: str,
    text: Mrkdwn,
    blocks: list[dict[str, Any]],
    post_key: str | None = None,
    changed: Callable[[], bool] | None = None,
) -> bool:
    """Post through the outbox, once per ``notice_key``; True when it reached Slack now (a
    failed post stays queued for the sweep).

    ``changed()`` says whether what the message shows has changed since it was rendered.
    """
    delivery = outbox.post(rt, notice_key, channel, require(text), blocks, post_key=post_key)
    if not delivery.delivered:
        return False
    # an answer recorded after the text above was rendered, but before the message was marked
    # sent (members click as soon as Slack shows it), asked for a refresh that found nothing:
    # show it now
    if post_key is not None and changed is not None and changed():
        rt.refresh(post_key, False)
    log.info("posted %s", notice_key)
    return True


def check_in_still_open(rt: Runtime, key: str) -> bool:
    """The check-in message exists and was not yet rendered closed."""
    post_key = check_in_post(key)
    return rt.posts.get(post_key) is not None and rt.posts.rendered(post_key) != CLOSED


def post_reminder(rt: Runtime, key: str, due: ReminderDue) -> bool:
    found, outlook, _, _ = attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)
    occurrence = found.occurrence
    with for_channel(rt):
        text, blocks = meeting_blocks.reminder_message(
            occurrence, due.offset, outlook, member_names(rt)
        )

    def changed() -> bool:
        return attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)[1] != outlook

    return post_once(rt, due.key, occurrence.channel, text, blocks, reminder_post(key), changed)


def post_agenda(rt: Runtime, key: str) -> bool:
    found, agenda = agenda_of(rt.reader(), rt.parse, CALENDAR, key)
    if not agenda.frozen:
        return False
    occurrence = found.occurrence
    with for_channel(rt):
        text, blocks = meeting_blocks.agenda_blocks(occurrence, agenda, member_names(rt))
    return post_once(rt, f"{key}/agenda", occurrence.channel, text, blocks)


def post_check_in(rt: Runtime, key: str, now: datetime) -> bool:
    found, _, so_far, record = attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)
    occurrence = found.occurrence
    with for_channel(rt):
        text, blocks = meeting_blocks.check_in_message(
            occurrence, so_far, member_names(rt), record, now < occurrence.ends
        )

    def changed() -> bool:
        return attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)[2] != so_far

    post_key = check_in_post(key)
    return post_once(rt, f"{key}/check-in", occurrence.channel, text, blocks, post_key, changed)


def post_attendance(rt: Runtime, key: str) -> bool:
    found, _, _, record = attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)
    if record is None:
        return False
    occurrence = found.occurrence
    with for_channel(rt):
        text = meeting_blocks.attendance_text(occurrence, record, member_names(rt))
    posted = post_once(rt, f"{key}/attendance", occurrence.channel, text, [])
    if posted:
        rt.refresh(check_in_post(key), True)
    return posted


def render_meeting(rt: Runtime, post_key: str) -> None:
    """Re-render a reminder's forecast or a check-in message from the database."""
    where = rt.posts.get(post_key)
    if where is None:
        return
    channel, ts = where
    is_check_in = post_key.startswith(CHECK_IN_POST)
    key = post_key.removeprefix(CHECK_IN_POST if is_check_in else REMINDER_POST)
    found, outlook, so_far, record = attendance_so_far(rt.reader(), rt.parse, CALENDAR, key)
    occurrence = found.occurrence
    names = member_names(rt)
    open_ = True
    with for_channel(rt):
        if is_check_in:
            open_ = rt.clock() < occurrence.ends and not occurrence.cancelled
            text, blocks = meeting_blocks.check_in_message(occurrence, so_far, names, record, open_)
        else:
            text, blocks = meeting_blocks.reminder_message(occurrence, None, outlook, names)
    rt.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    if is_check_in:
        rt.posts.mark_rendered(post_key, "open" if open_ else CLOSED)


def render_post(rt: Runtime, post_key: str) -> None:
    """The refresher's one entry point: meeting messages here, motion messages in the publisher."""
    if post_key.startswith((REMINDER_POST, CHECK_IN_POST)):
        render_meeting(rt, post_key)
    else:
        render_motion(rt, post_key)
