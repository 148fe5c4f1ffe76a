"""Ballots: append-only rows, at most one counted (not superseded) per motion and member."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, select, true, update
from sqlalchemy.orm import Session

from governance.ports import BallotRecord, Casters, NewBallot
from governance.tally import Choice
from storage.audit.log import LOCKED_HEAD, head_locked
from storage.deferred import defer
from storage.dialect import InsertIfAbsent, affected, padded
from storage.motion_repo import motion_number
from storage.tables import BallotRow, MembershipRow, RepresentativeRow

FRESH = {"populate_existing": True}

# Built once: every ballot runs these (see storage.dialect.InsertIfAbsent for why).
_COUNTED = BallotRow.superseded_at.is_(None)
_ON_MOTION = BallotRow.motion_id == bindparam("motion")
_COUNTED_MEMBERS = select(BallotRow.member_id).where(_ON_MOTION, _COUNTED)
_COUNT_COUNTED = select(func.count()).select_from(BallotRow).where(_ON_MOTION, _COUNTED)
_COUNTED_FOR = select(BallotRow.__table__).where(
    _ON_MOTION, BallotRow.member_id == bindparam("member"), _COUNTED
)
_SUPERSEDE = (
    update(BallotRow)
    .where(BallotRow.id == bindparam("ballot"), _COUNTED)
    .values(superseded_at=bindparam("now"))
    .returning(BallotRow.id)
)
# The batch's one read about its casters: each user's member, that member's counted ballot on the
# motions (if any), and, for one motion, its count of counted ballots on every row. It locks the
# audit chain's head too (after the motions, as an append would) and reads it on every row: the
# batch's first append then needs no read of its own (storage.audit.log.LOCKED_HEAD).
_CASTERS_COLUMNS = (
    RepresentativeRow.user_id.label("caster"),
    MembershipRow.member_id.label("represented"),
    *BallotRow.__table__.c,
    LOCKED_HEAD.c.head_seq,
    LOCKED_HEAD.c.head_hash,
)
_CASTERS_JOIN = (
    RepresentativeRow.__table__.join(
        MembershipRow.__table__, MembershipRow.id == RepresentativeRow.membership_id
    )
    .outerjoin(
        BallotRow.__table__,
        (BallotRow.member_id == MembershipRow.member_id)
        & BallotRow.motion_id.in_(bindparam("motions", expanding=True))
        & _COUNTED,
    )
    .join(LOCKED_HEAD, true())
)
_CASTERS_WHERE = (
    RepresentativeRow.user_id.in_(bindparam("users", expanding=True)),
    RepresentativeRow.removed_at.is_(None),
    MembershipRow.left_at.is_(None),
)
_CASTERS = select(*_CASTERS_COLUMNS).select_from(_CASTERS_JOIN).where(*_CASTERS_WHERE)
_CASTERS_COUNTED = (
    select(*_CASTERS_COLUMNS, _COUNT_COUNTED.scalar_subquery().label("counted_on_motion"))
    .select_from(_CASTERS_JOIN)
    .where(*_CASTERS_WHERE)
)
_ADD = InsertIfAbsent(BallotRow, ["motion_id", "member_id"], where=_COUNTED)
LOST_BALLOT = "a member's ballot was recorded meanwhile"


def _record(row: BallotRow | Row[Any]) -> BallotRecord:
    return BallotRecord(
        id=row.id,
        motion_id=str(row.motion_id),
        member_id=row.member_id,
        choice=Choice(row.choice),
        cast_by=row.cast_by,
        cast_at=row.cast_at,
        receipt=row.receipt,
        audit_seq=row.audit_seq,
        superseded_at=row.superseded_at,
    )


def _values(ballot: NewBallot) -> dict[str, Any]:
    return {
        "motion_id": motion_number(ballot.motion_id),
        "member_id": ballot.member_id,
        "choice": ballot.choice.value,
        "cast_by": ballot.cast_by,
        "cast_at": ballot.cast_at,
        "request_key": ballot.request_key,
        "audit_seq": ballot.audit_seq,
        "receipt": ballot.receipt,
    }


class SqlBallotRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def counted(self, motion_id: str) -> list[BallotRecord]:
        return self._all(self._counted(motion_id).order_by(BallotRow.id))

    def counted_members(self, motion_id: str) -> set[str]:
        params = {"motion": motion_number(motion_id)}
        return set(self._session.connection().execute(_COUNTED_MEMBERS, params).scalars())

    def count_counted(self, motion_id: str) -> int:
        params = {"motion": motion_number(motion_id)}
        return int(self._session.connection().execute(_COUNT_COUNTED, params).scalar_one())

    def counted_for(self, motion_id: str, member_id: str) -> BallotRecord | None:
        params = {"motion": motion_number(motion_id), "member": member_id}
        row = self._session.connection().execute(_COUNTED_FOR, params).first()
        return _record(row) if row else None

    def casters(self, motion_ids: Collection[str], user_ids: Collection[str]) -> Casters:
        found = Casters({}, {}, {})
        if not user_ids or not motion_ids:
            return found
        numbers = sorted({n for m in motion_ids if (n := motion_number(m)) is not None})
        if not numbers:
            return found
        params: dict[str, Any] = {"motions": numbers, "users": padded(user_ids)}
        single = len(numbers) == 1
        if single:
            params["motion"] = numbers[0]
        statement: Select[Any] = _CASTERS_COUNTED if single else _CASTERS
        row: Any = None
        for row in self._session.connection().execute(statement, params):
            found.members[row.caster] = row.represented
            if row.id is not None:
                ballot = _record(row)
                found.counted[(ballot.motion_id, ballot.member_id)] = ballot
            if single:
                found.counts[str(numbers[0])] = int(row.counted_on_motion)
        if row is not None:
            head_locked(self._session, row.head_seq, row.head_hash)
        return found

    def supersede(self, ballot_id: int, now: datetime) -> bool:
        params = {"ballot": ballot_id, "now": now}
        return affected(self._session.connection().execute(_SUPERSEDE, params)) == 1

    def add_all(self, ballots: Sequence[NewBallot], *, deferred: bool = False) -> bool:
        rows = [_values(ballot) for ballot in ballots]
        if deferred:
            defer(self._session, "ballots", _ADD, rows, LOST_BALLOT)
            return True
        return _ADD.all(self._session, rows)

    def by_member(self, member_id: str, limit: int) -> list[BallotRecord]:
        query = (
            select(BallotRow)
            .where(BallotRow.member_id == member_id)
            .order_by(BallotRow.cast_at.desc(), BallotRow.id.desc())
            .limit(limit)
        )
        return self._all(query)

    def with_receipt(self, receipt: str, member_id: str) -> BallotRecord | None:
        query = (
            select(BallotRow)
            .where(BallotRow.receipt == receipt, BallotRow.member_id == member_id)
            .order_by(BallotRow.id)
            .limit(1)
        )
        found = self._all(query)
        return found[0] if found else None

    def _counted(self, motion_id: str) -> Select[BallotRow]:
        return select(BallotRow).where(
            BallotRow.motion_id == motion_number(motion_id), BallotRow.superseded_at.is_(None)
        )

    def _all(self, query: Select[BallotRow]) -> list[BallotRecord]:
        return [_record(row) for row in self._session.scalars(query.execution_options(**FRESH))]
