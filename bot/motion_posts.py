"""A motion's notices: its post (which starts its voting period) and its result announcement.

Both are enqueued by the services in the transaction that opens, closes or withdraws the motion
(:mod:`governance.services.motions`), and sent here through the outbox at once; the sweep sends
whatever is left. A post the channel refuses leaves the motion recorded but not shown: the
operator is told so, and the sweep posts it once the bot may.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.i18n import _, t
from bot.outbox import (
    REFUSED,
    Delivery,
    Outcome,
    deliver,
    instant_of,
    motion_is_posted,
    posted_at,
)
from bot.runtime import Runtime
from bot.slack.locales import for_channel, for_reader
from bot.slack.mrkdwn import Mrkdwn, code
from bot.slack.mrkdwn import channel as mention_channel
from bot.slack.publisher import motion_key
from governance.commands import CloseMotion
from governance.errors import MotionNotShown, TooEarlyToClose
from governance.events import Event
from governance.notices import motion_post_key, motion_result_key
from governance.services import close_motion

log = logging.getLogger(__name__)


def post_motion(rt: Runtime, motion_id: str) -> Delivery:
    """Send the motion's queued post now (the sweep retries it if this fails)."""
    with for_channel(rt):  # the members' channel reads it, whoever put the motion
        return deliver(rt, motion_post_key(motion_id))


def show_or_explain(
    rt: Runtime, motion_id: str, channel: str, operator: str, where: str | None
) -> Delivery:
    """Post the motion now; if it did not reach the channel, tell ``operator`` the truth, in an
    ephemeral where they asked (``where``), else in a DM."""
    delivery = post_motion(rt, motion_id)
    if delivery.outcome is Outcome.FAILED:
        with for_reader(rt, operator):
            told = not_shown_message(motion_id, channel, delivery)
        tell_privately(rt, operator, where, told)
    return delivery


def tell_privately(rt: Runtime, user: str, where: str | None, text: Mrkdwn) -> None:
    if where:
        try:
            rt.client.chat_postEphemeral(channel=where, user=user, text=text)
        except SlackApiError as error:
            log.info(
                "no ephemeral in %s (%s); telling %s in a DM",
                where,
                error.response.get("error"),
                user,
            )
        else:
            return
    rt.client.chat_postMessage(channel=user, text=text)


def shown_by_click(rt: Runtime, motion_id: str, body: Mapping[str, Any]) -> bool:
    """A click on the motion's own message proves its post is in the channel, even if the
    sender has not marked it sent yet (it posted a moment ago): start the period from the
    message's ts, after asking Slack that the message is the motion's post."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts or container.get("type") != "message":
        return False
    try:
        if not posted_at(rt, motion_post_key(motion_id), str(channel), str(ts)):
            return False
    except SlackApiError as error:
        log.info("could not check motion %s's post: %s", motion_id, error.response.get("error"))
        return False
    return motion_is_posted(rt, motion_id, str(channel), str(ts), instant_of(str(ts)), refresh=True)


def not_shown_message(motion_id: str, channel: str, delivery: Delivery) -> Mrkdwn:
    """The truth for the operator when a motion's post did not reach its channel."""
    # a Slack error code, or an exception's name
    reason = delivery.error or _("no answer from Slack")
    where = mention_channel(channel)
    head = t(
        "Motion {motion} is recorded, but it is not yet shown to the members: poolgov could not "
        "post it in {channel} ({reason}). Its voting period has not started, and nobody can vote "
        "on it yet.",
        motion=motion_id,
        channel=where,
        reason=code(reason),
    )
    if delivery.error in REFUSED:
        todo = t(
            "Invite poolgov to {channel} (or check POOLGOV_CHANNEL). poolgov tries again every "
            "sweep and posts it once it can; its voting period starts when it is shown.",
            channel=where,
        )
    else:
        todo = t("poolgov tries again every sweep; its voting period starts when it is shown.")
    return t(
        "{head} {todo} To drop it instead: `/motion withdraw {motion} reason`.",
        head=head,
        todo=todo,
        motion=motion_id,
    )


def announce_result(rt: Runtime, motion_id: str) -> Delivery:
    with for_channel(rt):  # the members' channel reads it, whoever closed the motion
        return deliver(rt, motion_result_key(motion_id))


def close_if_due(rt: Runtime, motion_id: str, now: datetime | None = None) -> list[Event]:
    """Close a motion whose deadline came or whose electorate has all voted; idempotent."""
    try:
        events = close_motion(CloseMotion(motion_id), rt.new_uow(), now or rt.clock(), rt.parse)
    except (TooEarlyToClose, MotionNotShown):
        return []
    if events:
        log.info("motion %s closed", motion_id)
        rt.refresh(motion_key(motion_id), True)
        announce_result(rt, motion_id)
        from bot.slack.minutes import publish_locked_by_motions

        publish_locked_by_motions(rt, motion_id, events)
    return events
