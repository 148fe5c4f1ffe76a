"""Closing a motion: count the counted ballots, record the result, apply a carried motion's effect.

Only the first closer wins. The motion row is locked, the tally is appended to the audit chain,
the effect is applied, and ``UPDATE … WHERE state='open'`` records the result, all in one
transaction; a closer that finds the motion already closed returns no events.

:func:`everyone_voted` finds the open motions that may close early, so a sweep closes a motion
whose early close was lost with the process that was about to run it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from governance.commands import CloseMotion
from governance.conflicts import declared_recusals, recusal_reasons, set_aside, without_declared
from governance.events import Event, MotionClosed
from governance.motion import MotionState
from governance.ports import CharterParser, UnitOfWork
from governance.services.actions import create_follow_ups, follow_up_charter
from governance.services.common import attempt
from governance.services.effects import apply_effect
from governance.services.errors import UnknownMotion
from governance.services.motions import enqueue_result
from governance.services.results import tally_record


def close_motion(
    command: CloseMotion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[Event]:
    """Close at the deadline, or early once everyone voted; ``[]`` if it is already closed.

    Raises :class:`~governance.errors.TooEarlyToClose` before the deadline while some member of
    the electorate has not voted.
    """
    return attempt(lambda: _close(command, uow, now, parse))


def everyone_voted(uow: UnitOfWork) -> list[str]:
    """Open, shown motions on which every member of the electorate has a counted ballot.

    The count of counted ballots is read first, so a motion still waiting for votes costs one
    query rather than the list of its voters.
    """
    ready: list[str] = []
    with uow:
        for stored in uow.motions.in_state(MotionState.OPEN):
            motion = stored.motion
            if motion.shown_at is None:
                continue
            members = motion.electorate.members
            if motion.rules.recuses_declared:  # a declared conflict takes a member out
                recusals = declared_recusals(motion.rules, uow.declarations.for_motion(motion.id))
                members = without_declared(motion.electorate, recusals).members
            if uow.ballots.count_counted(motion.id) < len(members):
                continue
            voted = uow.ballots.counted_members(motion.id)
            if all(member in voted for member in members):
                ready.append(motion.id)
    return ready


def _close(
    command: CloseMotion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[Event]:
    with uow:
        stored = uow.motions.get(command.motion_id, lock=True)
        if stored is None:
            raise UnknownMotion(command.motion_id)
        motion = stored.motion
        if not motion.is_open:
            return []
        # a declared conflict the kind's rule recuses takes the member out until the close
        declarations = uow.declarations.for_motion(motion.id)
        recusals = declared_recusals(motion.rules, declarations)
        frozen = motion
        motion = replace(motion, electorate=without_declared(motion.electorate, recusals))
        cast = {b.member_id: b.choice for b in uow.ballots.counted(motion.id)}
        ballots, aside = set_aside(cast, motion.electorate)
        reason = motion.close_reason(ballots, now)
        closed, tally = motion.close(ballots, now)
        closed = replace(closed, electorate=frozen.electorate)
        assert reason is not None  # close() raised otherwise  # noqa: S101
        if recusals:
            reasons = recusal_reasons(motion.electorate, motion.payload.subject, recusals)
            tally = replace(tally, recusal_reasons=reasons, set_aside=aside)
        if declarations:
            tally = replace(tally, declarations={d.member_id: d.reason for d in declarations})
        record = tally_record(motion.kind, tally)
        closing = uow.audit.append(
            "motion_closed",
            {"motion_id": motion.id, "reason": reason.value, "result": record},
            now,
        )
        events: list[Event] = []
        if closed.state is MotionState.CARRIED:
            follow_ups = follow_up_charter(uow, parse)  # the charter the motion was voted under
            events += apply_effect(closed, uow, now, parse)
        head = uow.audit.head()
        if not uow.motions.mark_closed(
            motion.id, closed.state, now, reason.value, record, head.entry_hash
        ):
            uow.rollback()
            return []
        if closed.state is MotionState.CARRIED:  # after the head the result publishes
            create_follow_ups(closed, uow, now, follow_ups)  # listed by `/pool actions`
        enqueue_result(uow, motion.id, now)
        uow.commit()
    result = MotionClosed(
        motion_id=motion.id,
        kind=motion.kind,
        title=motion.title,
        outcome=tally.outcome,
        reason=reason,
        closed_at=now,
        tally=tally,
        audit_head=head.entry_hash,
        audit_seq=closing.seq,
    )
    return [result, *events]
