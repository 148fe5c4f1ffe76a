"""The private answer to ``/pool receipt CODE``: one ballot, where it stands, how to check it."""

from __future__ import annotations

from bot.slack.mrkdwn import Mrkdwn, code, date_token, lines, md
from governance.motion import MotionState
from governance.services.receipts import BallotByReceipt

_STATE_WORDS = {
    MotionState.CARRIED: "carried",
    MotionState.FAILED: "failed",
    MotionState.NO_QUORUM: "closed without a quorum",
}


def receipt_reply(found: BallotByReceipt) -> Mrkdwn:
    """Plain sentences, mrkdwn-safe: the motion, the member, the choice, counted or superseded,
    and after the close whether the result holds it and under which published chain head."""
    member = found.member_name
    said = [
        md(
            "*Receipt {}*: motion {} ({}), ballot of {}: *{}*, cast {}.",
            code(found.receipt),
            found.motion_id,
            found.motion_title,
            member,
            found.choice.value,
            date_token(found.cast_at),
        )
    ]
    if found.counted:
        said.append(md("This is {}'s counted ballot.", member))
    elif found.counted_receipt is not None and found.counted_choice is not None:
        said.append(
            md(
                "This ballot was superseded by a later one. The counted ballot is *{}*, "
                "receipt {}.",
                found.counted_choice.value,
                code(found.counted_receipt),
            )
        )
    else:
        said.append(md("This ballot was superseded by a later one."))
    said.append(_after_close(found))
    if found.secret:
        said.append(
            md(
                "Secret ballot: the result shows only totals; this answer goes only to "
                "{}'s representatives.",
                member,
            )
        )
    return lines(said)


def _after_close(found: BallotByReceipt) -> Mrkdwn:
    if found.motion_state is MotionState.OPEN:
        return md("The motion is still open: the result will count the member's counted ballot.")
    when = md(" {}", date_token(found.closed_at)) if found.closed_at else md("")
    if found.motion_state is MotionState.WITHDRAWN:
        return md("The motion was withdrawn{}: no ballot was counted.", when)
    line = md("The motion {}{}. ", _STATE_WORDS[found.motion_state], when)
    if found.in_result:
        line += md("This ballot is in the result")
    elif not found.counted:
        line += md("This superseded ballot is not in the result; the counted one is")
    else:
        line += md(
            "The recorded result does *not* hold this ballot, though it is the counted one: "
            "tell the pool's supervisors"
        )
    if found.audit_head:
        line += md(", published under audit chain head {}", code(found.audit_head))
    return line + md(".")
