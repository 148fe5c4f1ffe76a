"""Looking up a ballot by its receipt: what a member's representative may learn from the code.

Only a representative of the member whose ballot it is gets an answer. Anyone else, the operator
included, is told exactly what an unknown code would tell them, so codes cannot be probed. The
answer names the motion, the member and the recorded choice (a secret ballot's too: the member
may know its own vote), says whether this ballot is the counted one or was superseded (and then
which receipt is counted), and after the close whether the ballot is in the recorded result and
which audit chain head was published with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.motion import MotionState
from governance.ports import UnitOfWork
from governance.services.errors import NotAReceipt, UnknownReceipt
from governance.services.results import normalise_receipt, tally_from_record
from governance.tally import Choice


@dataclass(frozen=True)
class ReceiptLookup:
    """What ``actor`` asked: a receipt code as typed."""

    actor: str
    code: str


@dataclass(frozen=True)
class BallotByReceipt:
    """A ballot found by its receipt, and where it stands."""

    receipt: str
    motion_id: str
    motion_title: str
    motion_state: MotionState
    secret: bool
    member_id: str
    member_name: str
    choice: Choice
    cast_at: datetime
    counted: bool  # the member's counted ballot, not a superseded one
    counted_receipt: str | None  # the counted ballot's receipt when this one is superseded
    counted_choice: Choice | None
    closed_at: datetime | None
    #: after a close with a result: whether the result counted this ballot's choice for the member
    in_result: bool | None
    audit_head: str | None  # the chain head published with the result


def ballot_by_receipt(query: ReceiptLookup, uow: UnitOfWork) -> BallotByReceipt:
    """The actor's member's ballot with this receipt; :class:`UnknownReceipt` otherwise."""
    receipt = normalise_receipt(query.code)
    if receipt is None:
        raise NotAReceipt(query.code)
    with uow:
        member_id = uow.register.member_for_user(query.actor)
        ballot = uow.ballots.with_receipt(receipt, member_id) if member_id else None
        stored = uow.motions.get(ballot.motion_id) if ballot else None
        if ballot is None or stored is None:
            raise UnknownReceipt(receipt)
        counted = (
            ballot
            if ballot.superseded_at is None
            else uow.ballots.counted_for(ballot.motion_id, ballot.member_id)
        )
        names = {m.id: m.name for m in stored.register}
        name = names.get(ballot.member_id) or uow.register.names().get(ballot.member_id)
    is_counted = ballot.superseded_at is None
    in_result = None
    if stored.result is not None:
        recorded = tally_from_record(stored.result).choices.get(ballot.member_id)
        in_result = is_counted and recorded == ballot.choice
    motion = stored.motion
    return BallotByReceipt(
        receipt=ballot.receipt,
        motion_id=motion.id,
        motion_title=motion.title,
        motion_state=motion.state,
        secret=motion.rules.secret,
        member_id=ballot.member_id,
        member_name=name or ballot.member_id,
        choice=ballot.choice,
        cast_at=ballot.cast_at,
        counted=is_counted,
        counted_receipt=None if is_counted or counted is None else counted.receipt,
        counted_choice=None if is_counted or counted is None else counted.choice,
        closed_at=motion.closed_at,
        in_result=in_result,
        audit_head=stored.audit_head if stored.result is not None else None,
    )
