"""Witnesses outside the operator's reach: signed chain heads in the supervisors' channel.

At every close the head the result was published under is signed and posted there (from the
publisher, when the result is rendered, so a restart between the close and the post still posts
it); once a day the job in :mod:`bot.jobs_witness` posts the current head if entries were added
since. Each head is posted once, whoever posts it: the notice key is ``witness:<entry number>``.
A head that was posted already therefore means that nothing was added since, and nothing is
posted again.

:func:`send_witness` is the one place a witness post is sent. It claims the notice before
sending (:mod:`governance.services.meeting_notices`); once the notice outbox is on main it
becomes ``outbox.post(rt, key, channel, text, blocks).delivered``. A supervisors' channel that
refuses the bot is logged, not retried; the result message shows the signed head regardless.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.runtime import Runtime
from bot.slack.motion_blocks import Block
from bot.slack.witness_blocks import witness_message
from governance.motion import Motion
from governance.services import meeting_notices
from governance.services.queries import charter_in_force
from storage.signing import SignedHead

log = logging.getLogger(__name__)

#: Slack's answers that mean the supervisors' channel refuses the bot (someone must invite it)
REFUSED = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def witness_key(seq: int) -> str:
    return f"witness:{seq}"


def send_witness(rt: Runtime, key: str, channel: str, text: str, blocks: list[Block]) -> bool:
    """Post once per ``key``: claimed before sending; a failed post releases the claim."""
    if not meeting_notices.claim(rt.new_uow(), key, rt.clock()):
        return False
    try:
        answer = rt.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    except Exception:
        meeting_notices.release(rt.new_uow(), key)
        raise
    meeting_notices.mark_sent(
        rt.new_uow(), key, rt.clock(), channel=answer["channel"], ts=answer["ts"]
    )
    return True


def result_head(rt: Runtime, motion_id: str, audit_head: str | None) -> SignedHead | None:
    """The signature of the head a closed motion's result names (``None`` if nothing signs)."""
    if rt.heads is None or not audit_head:
        return None
    return rt.heads.motion_head(motion_id, audit_head, rt.clock())


def witness(rt: Runtime, signed: SignedHead, motion: Motion | None = None) -> bool:
    """Post ``signed`` in the supervisors' channel unless that head was posted before."""
    channel = charter_in_force(rt.reader(), rt.parse).charter.supervisors.channel
    if not channel:
        log.info("no supervisors.channel in the charter; head %s not posted", signed.seq)
        return False
    text, blocks = witness_message(signed, motion)
    try:
        posted = send_witness(rt, witness_key(signed.seq), channel, text, blocks)
    except SlackApiError as error:
        reason = error.response.get("error") if error.response is not None else None
        if reason not in REFUSED:
            raise
        log.warning(
            "the supervisors' channel %s refuses the bot (%s); invite poolgov there. "
            "Head %s was not posted.",
            channel,
            reason,
            signed.seq,
        )
        return False
    if posted:
        log.info("witness post: audit chain head %s", signed.seq)
    return posted
