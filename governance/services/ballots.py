"""Casting a ballot: exactly once per member, idempotent per request, refused with a reason.

The order of work inside the transaction matters under concurrency:

1. claim the request key (a second request with the key waits, then gets the first one's answer);
2. share-lock the motion, so a close waits for ballots in flight and sees them;
3. check the motion and the actor; a refusal rolls back and leaves no trace;
4. supersede the previous ballot, append to the audit chain, insert the new ballot with
   ``ON CONFLICT DO NOTHING`` on the one counted ballot per member; any lost race rolls the
   whole unit of work back and it runs again.

:func:`cast_ballots` records many ballots in one transaction (group commit: one commit, one
fsync, for a burst of clicks), each inside its own savepoint, so a refusal undoes only that
ballot and the others are answered exactly as if they had been cast one after another in the
same order. A lost race still rolls the whole unit of work back and runs it again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from governance.commands import CastBallot
from governance.errors import GovernanceError, NotAuthorised
from governance.events import BallotRecorded
from governance.motion import BallotEffect, Motion
from governance.ports import ConcurrentWrite, NewBallot, UnitOfWork
from governance.services.common import attempt
from governance.services.errors import UnknownMotion
from governance.services.results import receipt_for
from governance.tally import Choice

BallotOutcome = list[BallotRecorded] | GovernanceError
"""What one command of a batch came to: its events, or the refusal that left no trace."""


def cast_ballot(command: CastBallot, uow: UnitOfWork, now: datetime) -> list[BallotRecorded]:
    """Record ``command.choice`` for ``command.member_id``; see the module docstring."""
    return attempt(lambda: _cast(command, uow, now))


def cast_ballots(
    commands: Sequence[CastBallot], uow: UnitOfWork, now: datetime
) -> list[BallotOutcome]:
    """Record every command in one unit of work; one outcome per command, in order.

    A refusal (:class:`GovernanceError`) rolls back only its own savepoint and becomes that
    command's outcome. Any other exception (a lost race that retrying did not settle, a fault)
    leaves with nothing recorded for any command; the caller may then cast them one at a time.
    """
    return attempt(lambda: _cast_all(commands, uow, now))


def _cast(command: CastBallot, uow: UnitOfWork, now: datetime) -> list[BallotRecorded]:
    with uow:
        event = _record(command, uow, now)
        if event.replayed:
            uow.rollback()  # the claim wrote nothing; release the locks at once
        else:
            uow.commit()
    return [event]


def _cast_all(
    commands: Sequence[CastBallot], uow: UnitOfWork, now: datetime
) -> list[BallotOutcome]:
    outcomes: list[BallotOutcome] = []
    with uow:
        for command in commands:
            try:
                with uow.savepoint():
                    outcomes.append([_record(command, uow, now)])
            except GovernanceError as refusal:
                outcomes.append(refusal)
        uow.commit()
    return outcomes


def _record(command: CastBallot, uow: UnitOfWork, now: datetime) -> BallotRecorded:
    """One ballot inside an open transaction; the caller commits (or rolls back a replay)."""
    if not uow.requests.claim(command.idempotency_key, now):
        original = uow.requests.result(command.idempotency_key)
        if original is None:
            raise ConcurrentWrite(command.idempotency_key)
        return ballot_from_dict(original, replayed=True)
    stored = uow.motions.get_for_ballot(command.motion_id)
    if stored is None:
        raise UnknownMotion(command.motion_id)
    motion = stored.motion
    represented = uow.register.member_for_user(command.actor)
    member_id = represented if command.member_id is None else command.member_id
    if member_id is None:
        raise NotAuthorised("vote", "representatives of the pool's members")
    if represented != member_id:
        raise NotAuthorised(f"vote for {member_id}", f"representatives of {member_id}")
    previous = uow.ballots.counted_for(motion.id, member_id)
    effect = motion.check_ballot(
        member_id, command.choice, previous.choice if previous else None, now
    )
    if effect is BallotEffect.UNCHANGED and previous is not None:
        receipt, cast_by, cast_at = previous.receipt, previous.cast_by, previous.cast_at
    else:
        if previous is not None and not uow.ballots.supersede(previous.id, now):
            raise ConcurrentWrite(f"ballot {previous.id} was superseded meanwhile")
        entry = uow.audit.append(
            "ballot_cast" if previous is None else "ballot_changed",
            {
                "motion_id": motion.id,
                "member_id": member_id,
                "choice": command.choice.value,
                "cast_by": command.actor,
                "request_key": command.idempotency_key,
                "replaces_audit_seq": previous.audit_seq if previous else None,
            },
            now,
        )
        receipt, cast_by, cast_at = receipt_for(entry.entry_hash), command.actor, now
        ballot = NewBallot(
            motion.id,
            member_id,
            command.choice,
            command.actor,
            now,
            receipt,
            entry.seq,
            command.idempotency_key,
        )
        if not uow.ballots.add(ballot):
            raise ConcurrentWrite(f"{member_id} voted meanwhile on {motion.id}")
    event = BallotRecorded(
        motion_id=motion.id,
        member_id=member_id,
        choice=command.choice,
        effect=effect,
        receipt=receipt,
        cast_by=cast_by,
        cast_at=cast_at,
        everyone_voted=_everyone_voted(uow, motion),
    )
    uow.requests.store_result(command.idempotency_key, ballot_to_dict(event))
    return event


def _everyone_voted(uow: UnitOfWork, motion: Motion) -> bool:
    """Whether every member of the electorate now has a counted ballot (an early close is due).

    Counting first is only a shortcut: fewer counted ballots than voters means someone has not
    voted, without reading hundreds of member ids for every ballot. Once the count is there, the
    voters themselves are checked.
    """
    members = motion.electorate.members
    if uow.ballots.count_counted(motion.id) < len(members):
        return False
    voted = uow.ballots.counted_members(motion.id)
    return all(m in voted for m in members)


def ballot_to_dict(event: BallotRecorded) -> dict[str, Any]:
    """The answer kept with a processed request key."""
    return {
        "motion_id": event.motion_id,
        "member_id": event.member_id,
        "choice": event.choice.value,
        "effect": event.effect.value,
        "receipt": event.receipt,
        "cast_by": event.cast_by,
        "cast_at": event.cast_at.isoformat(),
        "everyone_voted": event.everyone_voted,
    }


def ballot_from_dict(data: Mapping[str, Any], *, replayed: bool) -> BallotRecorded:
    return BallotRecorded(
        motion_id=data["motion_id"],
        member_id=data["member_id"],
        choice=Choice(data["choice"]),
        effect=BallotEffect(data["effect"]),
        receipt=data["receipt"],
        cast_by=data["cast_by"],
        cast_at=datetime.fromisoformat(data["cast_at"]),
        everyone_voted=data["everyone_voted"],
        replayed=replayed,
    )
