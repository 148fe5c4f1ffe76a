"""Read-only questions the bot asks: who is this user, what is open, what was decided.

Each query opens its own unit of work and writes nothing; pass a read-only unit of work where
storage offers one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction

from governance.charter import Charter, Member
from governance.conflicts import declared_recusals, without_declared
from governance.motion import Motion, MotionState
from governance.ports import (
    BallotRecord,
    CharterParser,
    CharterRecord,
    DistributionRule,
    FeeEntry,
    StoredMotion,
    UnitOfWork,
)
from governance.services.common import charter_rules, current_charter
from governance.services.errors import UnknownMotion
from governance.services.results import tally_from_record
from governance.tally import Choice, Tally
from governance.weights import shares


@dataclass(frozen=True)
class Role:
    """What a user may do: act for the operator, supervise, or vote for ``member_id``."""

    user_id: str
    operator: bool
    supervisor: bool
    member_id: str | None

    @property
    def representative(self) -> bool:
        return self.member_id is not None


@dataclass(frozen=True)
class RegisterEntry:
    member: Member
    share: Fraction  # the member's share of the whole register's weight today


@dataclass(frozen=True)
class RegisterView:
    charter_version: int
    entries: tuple[RegisterEntry, ...]


@dataclass(frozen=True)
class CharterInForce:
    record: CharterRecord
    charter: Charter  # parsed, over the register as the database holds it


@dataclass(frozen=True)
class MotionView:
    """A motion with its counted ballots and, once closed, the recorded result."""

    motion: Motion
    opened_by: str
    register: tuple[Member, ...]  # the register as frozen at opening, recused members included
    ballots: tuple[BallotRecord, ...]
    result: Tally | None
    close_reason: str | None
    audit_head: str | None

    @property
    def choices(self) -> Mapping[str, Choice]:
        return {b.member_id: b.choice for b in self.ballots}

    @property
    def turnout(self) -> int:
        """How many members' ballots count: a ballot set aside (its member recused since it
        voted) is kept, but not counted here either."""
        return sum(1 for b in self.ballots if b.member_id in self.motion.electorate)


def role_of(uow: UnitOfWork, parse: CharterParser, user_id: str) -> Role:
    with uow:
        _, charter = charter_rules(uow, parse)  # the operator and supervisors: rules alone
        return Role(
            user_id=user_id,
            operator=user_id in charter.operator.users,
            supervisor=user_id in charter.supervisors.users,
            member_id=uow.register.member_for_user(user_id),
        )


def member_names(uow: UnitOfWork) -> dict[str, str]:
    """The current members' names by id, for messages (cheaper than the whole register)."""
    with uow:
        return uow.register.names()


def current_register(uow: UnitOfWork, parse: CharterParser) -> RegisterView:
    with uow:
        record, charter = current_charter(uow, parse)
    weights = shares(charter.members, charter.weights)
    entries = tuple(RegisterEntry(m, weights[m.id]) for m in charter.members)
    return RegisterView(record.version, entries)


def charter_in_force(uow: UnitOfWork, parse: CharterParser) -> CharterInForce:
    with uow:
        record, charter = current_charter(uow, parse)
    return CharterInForce(record, charter)


def rules_in_force(uow: UnitOfWork, parse: CharterParser) -> Charter:
    """The charter in force without the register (see
    :func:`~governance.services.common.charter_rules`): its members are as its text lists them.
    For the pool's language, time zone and channels, and the other rules; :func:`charter_in_force`
    for anything about the members."""
    with uow:
        return charter_rules(uow, parse)[1]


def get_motion(uow: UnitOfWork, motion_id: str) -> MotionView:
    with uow:
        stored = uow.motions.get(motion_id)
        if stored is None:
            raise UnknownMotion(motion_id)
        return _view(uow, stored)


def open_motions(uow: UnitOfWork) -> list[MotionView]:
    with uow:
        return [_view(uow, s) for s in uow.motions.in_state(MotionState.OPEN)]


def recent_motions(uow: UnitOfWork, limit: int = 10) -> list[MotionView]:
    """The latest motions first, whatever their state."""
    with uow:
        return [_view(uow, s) for s in uow.motions.recent(limit)]


def motions_due(uow: UnitOfWork, now: datetime) -> list[str]:
    """Open motions whose deadline has come (``closes_at <= now``), for the closing job."""
    with uow:
        return uow.motions.due(now)


def fee_schedule(uow: UnitOfWork) -> list[FeeEntry]:
    with uow:
        return uow.fees.all()


def distribution_rules(uow: UnitOfWork) -> list[DistributionRule]:
    with uow:
        return uow.distributions.all()


def member_ballots(uow: UnitOfWork, member_id: str, limit: int = 10) -> list[BallotRecord]:
    """A member's latest ballots, superseded ones included, newest first."""
    with uow:
        return uow.ballots.by_member(member_id, limit)


def _view(uow: UnitOfWork, stored: StoredMotion) -> MotionView:
    motion = stored.motion
    if motion.is_open and motion.rules.recuses_declared:
        # a declared conflict takes the member out until the close (governance.conflicts)
        recusals = declared_recusals(motion.rules, uow.declarations.for_motion(motion.id))
        motion = replace(motion, electorate=without_declared(motion.electorate, recusals))
    return MotionView(
        motion=motion,
        opened_by=stored.opened_by,
        register=stored.register,
        ballots=tuple(uow.ballots.counted(stored.motion.id)),
        result=tally_from_record(stored.result) if stored.result is not None else None,
        close_reason=stored.close_reason,
        audit_head=stored.audit_head,
    )
