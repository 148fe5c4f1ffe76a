"""Vote reminders (``motions.<kind>.reminders``): who to remind, and whether they still need it.

A reminder falls due at each offset before a motion's deadline; its DMs go to the representatives
of each member of the electorate that has not voted, never to a member that has. The bot enqueues
the reminder (its key) with every DM under it (``<key>/to/<user>``) in one transaction, so a
reminder enqueued is never due again. A motion not yet shown has no deadline yet, so no reminder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from governance.meetings.reminders import ReminderDue, vote_reminders_due
from governance.motion import Motion
from governance.ports import UnitOfWork


def prefix(motion_id: str) -> str:
    return f"motion/{motion_id}/vote-reminder/"


@dataclass(frozen=True)
class VoteReminder:
    """What is due for one motion now: the reminder(s), and each user to DM with its member."""

    motion: Motion
    due: tuple[ReminderDue, ...]
    recipients: dict[str, str] = field(default_factory=dict)  # user id → member id


def vote_reminder_due(uow: UnitOfWork, motion_id: str, now: datetime) -> VoteReminder | None:
    """``None`` when the motion is not open or no reminder is due at ``now``."""
    with uow:
        stored = uow.motions.get(motion_id)
        if stored is None or not stored.motion.is_open or not stored.motion.is_shown:
            return None
        motion = stored.motion
        # a reminder is done once enqueued: its DMs (``<key>/to/<user>``) are the outbox's now
        sent = {key.partition("/to/")[0] for key in uow.outbox.keys(prefix(motion.id))}
        due = vote_reminders_due(motion.id, motion.closes_at, motion.rules.reminders, now, sent)
        if not due:
            return None
        voted = {b.member_id for b in uow.ballots.counted(motion.id)}
        register = {m.id: m for m in uow.register.current()}
        recipients = {
            user: member_id
            for member_id in motion.electorate.members
            if member_id not in voted and member_id in register
            for user in register[member_id].representatives
        }
        return VoteReminder(motion, tuple(due), recipients)


def still_to_vote(uow: UnitOfWork, motion_id: str, member_id: str) -> bool:
    """The motion is open and the member has no counted ballot."""
    with uow:
        stored = uow.motions.get(motion_id)
        if stored is None or not stored.motion.is_open:
            return False
        return uow.ballots.counted_for(motion_id, member_id) is None
