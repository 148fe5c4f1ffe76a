"""A large pool's roll call, posted in its result message's thread.

When a result message cannot hold its roll call (:mod:`bot.slack.roll_call_blocks`), the
publisher hands the parts here when it renders the result, before it marks the render done, so a
restart in between renders it again and queues them then. Each part is an outbox notice keyed
``roll-call:<motion id>/<part>``, so each is posted once across renders, replicas and restarts,
and one Slack refused (or rate-limited past its retries) is sent by a later sweep.

A part whose sender died between Slack's answer and marking it sent is looked for in the
result's thread (``conversations.replies``: the channel's history does not list thread replies)
and marked sent if it is there, so it is posted once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot import outbox
from bot.runtime import Runtime
from bot.slack.motion_blocks import Message
from bot.slack.mrkdwn import require

log = logging.getLogger(__name__)


def roll_call_key(motion_id: str, part: int) -> str:
    return f"roll-call:{motion_id}/{part}"


def post_roll_call(
    rt: Runtime, motion_id: str, channel: str, result_ts: str, parts: Sequence[Message]
) -> int:
    """Post the parts in order as replies to the result at ``result_ts``; how many went now."""
    sent = 0
    for number, (text, blocks) in enumerate(parts, 1):
        key = roll_call_key(motion_id, number)
        delivery = outbox.post(rt, key, channel, require(text), blocks, thread_ts=result_ts)
        if delivery.outcome is outbox.Outcome.FAILED:
            log.warning("roll call part %s of motion %s pending: %s", number, motion_id, delivery)
            break  # keep the parts in order: the sweep sends this one and the rest follow
        sent += delivery.outcome is outbox.Outcome.SENT
    return sent
