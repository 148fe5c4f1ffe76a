"""Casting a ballot: exactly once per member, idempotent per request, refused with a reason.

A request key already answered gets that answer again and nothing is written. Otherwise the
motion is share-locked (a close waits for ballots in flight and sees them), the motion and the
caster are checked, and a refusal is decided before anything is written, so it leaves no trace.
Then the previous ballot is superseded, the audit chain appended to, and the new ballot and the
request key's answer inserted with ``ON CONFLICT DO NOTHING``: a ballot or key taken meanwhile by
another transaction is a lost race, which rolls the whole unit of work back, and it runs again
(and then finds the key answered).

:func:`cast_ballots` records many ballots in one transaction (group commit: one commit, one
fsync, a handful of statements, for a burst of clicks); see
:mod:`governance.services.ballot_batch`. Each is answered exactly as if they had been cast one
after another in the same order, and a refusal is that ballot's answer only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from governance.commands import CastBallot
from governance.errors import GovernanceError
from governance.events import BallotRecorded
from governance.ports import UnitOfWork
from governance.services.ballot_batch import BallotBatch, ballot_from_dict, ballot_to_dict
from governance.services.common import attempt

__all__ = ["BallotOutcome", "ballot_from_dict", "ballot_to_dict", "cast_ballot", "cast_ballots"]

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
        batch = BallotBatch(uow, [command])
        event = batch.decide(command, now)
        if event.replayed:
            uow.rollback()  # nothing was written; release the locks at once
        else:
            batch.write(now)
            uow.commit()
    return [event]


def _cast_all(
    commands: Sequence[CastBallot], uow: UnitOfWork, now: datetime
) -> list[BallotOutcome]:
    outcomes: list[BallotOutcome] = []
    with uow:
        batch = BallotBatch(uow, commands)
        for command in commands:
            try:
                outcomes.append([batch.decide(command, now)])
            except GovernanceError as refusal:  # decided before it wrote anything
                outcomes.append(refusal)
        batch.write(now)
        uow.commit()
    return outcomes
