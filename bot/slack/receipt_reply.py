"""The private answer to ``/pool receipt CODE``: one ballot, where it stands, how to check it."""

from __future__ import annotations

from bot.i18n import local, t
from bot.slack.mrkdwn import EMPTY, Mrkdwn, code, date_token, lines
from bot.slack.wording import choice_word
from governance.motion import MotionState
from governance.services.receipts import BallotByReceipt


def receipt_reply(found: BallotByReceipt) -> Mrkdwn:
    """Plain sentences, mrkdwn-safe: the motion, the member, the choice, counted or superseded,
    and after the close whether the result holds it and under which published chain head."""
    member = local(found.member_name)
    said = [
        t(
            "*Receipt {receipt}*: motion {motion} ({title}), ballot of {member}: *{choice}*, "
            "cast {when}.",
            receipt=code(found.receipt),
            motion=found.motion_id,
            title=found.motion_title,
            member=member,
            choice=choice_word(found.choice.value),
            when=date_token(found.cast_at),
        )
    ]
    if found.counted:
        said.append(t("This is {member}'s counted ballot.", member=member))
    elif found.counted_receipt is not None and found.counted_choice is not None:
        said.append(
            t(
                "This ballot was superseded by a later one. The counted ballot is *{choice}*, "
                "receipt {receipt}.",
                choice=choice_word(found.counted_choice.value),
                receipt=code(found.counted_receipt),
            )
        )
    else:
        said.append(t("This ballot was superseded by a later one."))
    said.append(_after_close(found))
    if found.secret:
        said.append(
            t(
                "Secret ballot: the result shows only totals; this answer goes only to "
                "{member}'s representatives.",
                member=member,
            )
        )
    return lines(said)


def _after_close(found: BallotByReceipt) -> Mrkdwn:
    if found.motion_state is MotionState.OPEN:
        return t("The motion is still open: the result will count the member's counted ballot.")
    when = t(" {when}", when=date_token(found.closed_at)) if found.closed_at else EMPTY
    if found.motion_state is MotionState.WITHDRAWN:
        return t("The motion was withdrawn{when}: no ballot was counted.", when=when)
    if found.motion_state is MotionState.CARRIED:
        closed = t("The motion carried{when}.", when=when)
    elif found.motion_state is MotionState.FAILED:
        closed = t("The motion failed{when}.", when=when)
    else:
        closed = t("The motion closed without a quorum{when}.", when=when)
    if found.in_result:
        held = t("This ballot is in the result")
    elif not found.counted:
        held = t("This superseded ballot is not in the result; the counted one is")
    else:
        held = t(
            "The recorded result does *not* hold this ballot, though it is the counted one: "
            "tell the pool's supervisors"
        )
    if found.audit_head:
        held = t(
            "{held}, published under audit chain head {head}",
            held=held,
            head=code(found.audit_head),
        )
    return t("{closed} {held}.", closed=closed, held=held)
