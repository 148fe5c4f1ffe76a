"""The private answer to ``/pool receipt CODE``: one ballot, where it stands, how to check it."""

from __future__ import annotations

from bot.slack.wording import date_token, escape
from governance.motion import MotionState
from governance.services.receipts import BallotByReceipt

_STATE_WORDS = {
    MotionState.CARRIED: "carried",
    MotionState.FAILED: "failed",
    MotionState.NO_QUORUM: "closed without a quorum",
}


def receipt_reply(found: BallotByReceipt) -> str:
    """Plain sentences, mrkdwn-safe: the motion, the member, the choice, counted or superseded,
    and after the close whether the result holds it and under which published chain head."""
    member = escape(found.member_name)
    lines = [
        f"*Receipt `{found.receipt}`*: motion {found.motion_id} "
        f"({escape(found.motion_title)}), ballot of {member}: *{found.choice.value}*, "
        f"cast {date_token(found.cast_at)}."
    ]
    if found.counted:
        lines.append(f"This is {member}'s counted ballot.")
    elif found.counted_receipt is not None and found.counted_choice is not None:
        lines.append(
            f"This ballot was superseded by a later one. The counted ballot is "
            f"*{found.counted_choice.value}*, receipt `{found.counted_receipt}`."
        )
    else:
        lines.append("This ballot was superseded by a later one.")
    lines.append(_after_close(found))
    if found.secret:
        lines.append(
            "Secret ballot: the result shows only totals; this answer goes only to "
            f"{member}'s representatives."
        )
    return "\n".join(lines)


def _after_close(found: BallotByReceipt) -> str:
    if found.motion_state is MotionState.OPEN:
        return "The motion is still open: the result will count the member's counted ballot."
    when = f" {date_token(found.closed_at)}" if found.closed_at else ""
    if found.motion_state is MotionState.WITHDRAWN:
        return f"The motion was withdrawn{when}: no ballot was counted."
    line = f"The motion {_STATE_WORDS[found.motion_state]}{when}. "
    if found.in_result:
        line += "This ballot is in the result"
    elif not found.counted:
        line += "This superseded ballot is not in the result; the counted one is"
    else:
        line += (
            "The recorded result does *not* hold this ballot, though it is the counted one: "
            "tell the pool's supervisors"
        )
    if found.audit_head:
        line += f", published under audit chain head `{found.audit_head}`"
    return line + "."
