"""Witnesses outside the operator's reach: signed chain heads in the supervisors' channel.

At every close the head the result was published under is signed and posted there (from the
publisher, when the result is rendered, so a restart between the close and the post still posts
it); once a day the job in :mod:`bot.jobs_witness` posts the current head if entries were added
since. Each head is posted once, whoever posts it: the notice key is ``witness:<entry number>``.
A head that was posted already therefore means that nothing was added since, and nothing is
posted again.

:func:`send_witness` is the one place a witness post is sent: an outbox notice
(:mod:`bot.outbox`), queued and sent at once. A supervisors' channel that refuses the bot leaves
the notice pending, and the sweep posts it once someone invites poolgov there; the result
message shows the signed head regardless.
"""

from __future__ import annotations

import logging

from bot import outbox
from bot.runtime import Runtime
from bot.slack.locales import for_channel
from bot.slack.motion_blocks import Block
from bot.slack.mrkdwn import Mrkdwn, require
from bot.slack.witness_blocks import witness_message
from governance.motion import Motion
from governance.services.queries import rules_in_force
from storage.audit.signing import SignedHead

log = logging.getLogger(__name__)


def witness_key(seq: int) -> str:
    return f"witness:{seq}"


def send_witness(rt: Runtime, key: str, channel: str, text: Mrkdwn, blocks: list[Block]) -> bool:
    """Post once per ``key`` through the outbox; whether it reached Slack now."""
    delivery = outbox.post(rt, key, channel, require(text), blocks)
    if delivery.error in outbox.REFUSED:
        log.warning(
            "the supervisors' channel %s refuses the bot (%s); invite poolgov there. "
            "The witness post %s stays pending until it can be posted.",
            channel,
            delivery.error,
            key,
        )
    return delivery.delivered


def result_head(rt: Runtime, motion_id: str, audit_head: str | None) -> SignedHead | None:
    """The signature of the head a closed motion's result names (``None`` if nothing signs)."""
    if rt.heads is None or not audit_head:
        return None
    return rt.heads.motion_head(motion_id, audit_head, rt.clock())


def witness(rt: Runtime, signed: SignedHead, motion: Motion | None = None) -> bool:
    """Post ``signed`` in the supervisors' channel unless that head was posted before."""
    channel = rules_in_force(rt.reader(), rt.parse).supervisors.channel
    if not channel:
        log.info("no supervisors.channel in the charter; head %s not posted", signed.seq)
        return False
    with for_channel(rt):
        text, blocks = witness_message(signed, motion)
    posted = send_witness(rt, witness_key(signed.seq), channel, text, blocks)
    if posted:
        log.info("witness post: audit chain head %s", signed.seq)
    return posted
