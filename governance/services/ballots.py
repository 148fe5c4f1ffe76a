"""Casting a ballot: exactly once per member, idempotent per request, refused with a reason.

The order of work inside the transaction matters under concurrency:

1. a request key already answered gets that answer again, and nothing is written;
2. share-lock the motion, so a close waits for ballots in flight and sees them;
3. check the motion and the actor: a refusal is decided before anything is written, so it
   leaves no trace;
4. supersede the previous ballot, append to the audit chain, insert the new ballot with
   ``ON CONFLICT DO NOTHING`` on the one counted ballot per member, and keep the request key
   with its answer, again ``ON CONFLICT DO NOTHING``: a key or a ballot taken meanwhile by
   another transaction is a lost race, which rolls the whole unit of work back, and it runs
   again (and then finds the key answered).

:func:`cast_ballots` records many ballots in one transaction (group commit: one commit, one
fsync, for a burst of clicks). Each is answered exactly as if they had been cast one after
another in the same order; a refusal is that ballot's answer only, since refusals write nothing.
What never changes within the transaction is read once for the whole batch: the motion (locked
by the first ballot on it) and its count of counted ballots, kept up to date as ballots go in.
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

    A refusal (:class:`GovernanceError`) is decided before that command writes anything and
    becomes its outcome. Any other exception (a lost race that retrying did not settle, a fault)
    leaves with nothing recorded for any command; the caller may then cast them one at a time.
    """
    return attempt(lambda: _cast_all(commands, uow, now))


def _cast(command: CastBallot, uow: UnitOfWork, now: datetime) -> list[BallotRecorded]:
    with uow:
        event = _record(command, uow, now, _Batch(uow))
        if event.replayed:
            uow.rollback()  # nothing was written; release the locks at once
        else:
            uow.commit()
    return [event]


def _cast_all(
    commands: Sequence[CastBallot], uow: UnitOfWork, now: datetime
) -> list[BallotOutcome]:
    outcomes: list[BallotOutcome] = []
    with uow:
        batch = _Batch(uow)
        for command in commands:
            try:
                outcomes.append([_record(command, uow, now, batch)])
            except GovernanceError as refusal:  # decided before it wrote anything
                outcomes.append(refusal)
        uow.commit()
    return outcomes


class _Batch:
    """What a transaction's ballots share: each motion, read (and locked) once, and its count."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._motions: dict[str, Motion] = {}
        self._counted: dict[str, int] = {}
        self._everyone: set[str] = set()

    def motion(self, motion_id: str) -> Motion:
        known = self._motions.get(motion_id)
        if known is None:
            stored = self._uow.motions.get_for_ballot(motion_id)
            if stored is None:
                raise UnknownMotion(motion_id)
            known = self._motions[motion_id] = stored.motion
        return known

    def counted_one_more(self, motion: Motion) -> None:
        self._counted[motion.id] = self._count(motion) + 1

    def everyone_voted(self, motion: Motion) -> bool:
        """Whether every member of the electorate now has a counted ballot (an early close).

        The count is only a shortcut: fewer counted ballots than voters means someone has not
        voted, without reading hundreds of member ids for every ballot. Once the count is there,
        the voters themselves are checked, once: ballots are only ever superseded after that.
        """
        if motion.id in self._everyone:
            return True
        members = motion.electorate.members
        if self._count(motion) < len(members):
            return False
        voted = self._uow.ballots.counted_members(motion.id)
        if all(m in voted for m in members):
            self._everyone.add(motion.id)
            return True
        return False

    def _count(self, motion: Motion) -> int:
        known = self._counted.get(motion.id)
        if known is None:
            known = self._counted[motion.id] = self._uow.ballots.count_counted(motion.id)
        return known


def _record(command: CastBallot, uow: UnitOfWork, now: datetime, batch: _Batch) -> BallotRecorded:
    """One ballot inside an open transaction; the caller commits (or rolls back a replay)."""
    original = uow.requests.result(command.idempotency_key)
    if original is not None:
        return ballot_from_dict(original, replayed=True)
    # Deciding: reads only, so a refusal raised here leaves no trace.
    motion = batch.motion(command.motion_id)
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
    # Writing: from here on only a lost race (ConcurrentWrite) can stop it.
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
        if previous is None:
            batch.counted_one_more(motion)
    event = BallotRecorded(
        motion_id=motion.id,
        member_id=member_id,
        choice=command.choice,
        effect=effect,
        receipt=receipt,
        cast_by=cast_by,
        cast_at=cast_at,
        everyone_voted=batch.everyone_voted(motion),
    )
    if not uow.requests.record(command.idempotency_key, now, ballot_to_dict(event)):
        raise ConcurrentWrite(f"request {command.idempotency_key} was answered meanwhile")
    return event


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
