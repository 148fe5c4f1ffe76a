"""Motions with their frozen electorate: the register snapshot and each member's weight."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, insert, select, update
from sqlalchemy.orm import Session

from governance.charter import Member, MotionKind, MotionRules
from governance.electorate import Electorate
from governance.kinds import Payload, payload_from_dict, payload_to_dict
from governance.motion import Motion, MotionState
from governance.ports import StoredMotion
from governance.quantities import format_rational
from storage.codec import dumps, loads, rules_from_dict, rules_to_dict
from storage.dialect import affected
from storage.tables import ElectorateRow, MotionRow

FRESH = {"populate_existing": True}
#: PostgreSQL's ``integer``: a larger number is no row's id.
LARGEST_ROW_ID = 2**31 - 1


def motion_number(motion_id: str) -> int | None:
    """Motion ids are the row numbers as text; anything else names no motion.

    ASCII digits only (``"²".isdigit()`` is true) and within PostgreSQL's ``integer``, so a
    malformed id is "no such motion" on both engines, never a fault.
    """
    if not (motion_id.isascii() and motion_id.isdigit() and len(motion_id) < 12):
        return None
    number = int(motion_id)
    return number if number <= LARGEST_ROW_ID else None


_FROZEN: dict[tuple[str, int, datetime], tuple[Electorate, tuple[Member, ...]]] = {}
_FROZEN_LOCK = threading.Lock()
_FROZEN_LIMIT = 256

# Built once: every ballot share-locks its motion (see storage.dialect.InsertIfAbsent for why).
_FOR_BALLOT = (
    select(MotionRow.__table__)
    .where(MotionRow.id == bindparam("motion"))
    .with_for_update(read=True)
)


@lru_cache(maxsize=_FROZEN_LIMIT)
def _payload(text: str) -> Payload:
    """Parsed once per distinct text: keyed by the stored text itself, so never stale."""
    return payload_from_dict(loads(text))


@lru_cache(maxsize=_FROZEN_LIMIT)
def _rules(text: str) -> MotionRules:
    return rules_from_dict(loads(text))


class SqlMotionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, motion: Motion, opened_by: str, register: Sequence[Member]) -> str:
        number = self._session.execute(
            insert(MotionRow)
            .values(
                kind=motion.kind.value,
                title=motion.title,
                text=motion.text,
                payload=dumps(payload_to_dict(motion.payload)),
                rules=dumps(rules_to_dict(motion.rules)),
                charter_version=motion.charter_version,
                opened_by=opened_by,
                opened_at=motion.opened_at,
                closes_at=motion.closes_at,
                state=motion.state.value,
                shown_at=motion.shown_at,
            )
            .returning(MotionRow.id)
        ).scalar_one()
        electorate = motion.electorate
        self._session.execute(
            insert(ElectorateRow),
            [
                {
                    "motion_id": number,
                    "member_id": m.id,
                    "position": position,
                    "weight": format_rational(electorate.weights[m.id]),
                    "eligible": m.id in electorate,
                    "name": m.name,
                    "patents": m.patents,
                    "contribution": format_rational(m.contribution),
                    "representatives": json.dumps(list(m.representatives)),
                }
                for position, m in enumerate(register)
            ],
        )
        return str(number)

    def get(self, motion_id: str, *, lock: bool = False) -> StoredMotion | None:
        query = self._by_id(motion_id)
        return self._one(query.with_for_update() if lock else query)

    def get_for_ballot(self, motion_id: str) -> StoredMotion | None:
        number = motion_number(motion_id)
        params = {"motion": number if number is not None else -1}
        row = self._session.connection().execute(_FOR_BALLOT, params).first()
        return self._stored(row) if row else None

    def mark_closed(
        self,
        motion_id: str,
        state: MotionState,
        closed_at: datetime,
        reason: str,
        result: Mapping[str, Any],
        audit_head: str,
    ) -> bool:
        values = {
            "state": state.value,
            "closed_at": closed_at,
            "close_reason": reason,
            "result": dumps(result),
            "audit_head": audit_head,
        }
        return self._close(motion_id, values)

    def mark_withdrawn(self, motion_id: str, closed_at: datetime) -> bool:
        values = {"state": MotionState.WITHDRAWN.value, "closed_at": closed_at}
        return self._close(motion_id, values)

    def mark_shown(self, motion_id: str, shown_at: datetime, closes_at: datetime) -> bool:
        statement = (
            update(MotionRow)
            .where(
                MotionRow.id == motion_number(motion_id),
                MotionRow.state == MotionState.OPEN.value,
                MotionRow.shown_at.is_(None),
            )
            .values(shown_at=shown_at, closes_at=closes_at)
            .returning(MotionRow.id)
        )
        return affected(self._session.connection().execute(statement)) == 1

    def unshown(self) -> list[str]:
        query = (
            select(MotionRow.id)
            .where(MotionRow.state == MotionState.OPEN.value, MotionRow.shown_at.is_(None))
            .order_by(MotionRow.id)
        )
        return [str(number) for number in self._session.execute(query).scalars()]

    def in_state(self, state: MotionState) -> list[StoredMotion]:
        query = select(MotionRow).where(MotionRow.state == state.value).order_by(MotionRow.id)
        return self._many(query)

    def recent(self, limit: int) -> list[StoredMotion]:
        return self._many(select(MotionRow).order_by(MotionRow.id.desc()).limit(limit))

    def due(self, now: datetime) -> list[str]:
        query = (
            select(MotionRow.id)
            .where(
                MotionRow.state == MotionState.OPEN.value,
                MotionRow.shown_at.is_not(None),
                MotionRow.closes_at <= now,
            )
            .order_by(MotionRow.closes_at, MotionRow.id)
        )
        return [str(number) for number in self._session.execute(query).scalars()]

    def _close(self, motion_id: str, values: Mapping[str, Any]) -> bool:
        """``UPDATE … WHERE id=:id AND state='open'``: only the first closer hits a row."""
        number = motion_number(motion_id)
        statement = (
            update(MotionRow)
            .where(MotionRow.id == number, MotionRow.state == MotionState.OPEN.value)
            .values(**values)
            .returning(MotionRow.id)
        )
        return affected(self._session.connection().execute(statement)) == 1

    def _by_id(self, motion_id: str) -> Select[MotionRow]:
        number = motion_number(motion_id)
        return select(MotionRow).where(MotionRow.id == (number if number is not None else -1))

    def _one(self, query: Select[MotionRow]) -> StoredMotion | None:
        row = self._session.scalars(query.execution_options(**FRESH)).first()
        return self._stored(row) if row else None

    def _many(self, query: Select[MotionRow]) -> list[StoredMotion]:
        rows = self._session.scalars(query.execution_options(**FRESH)).all()
        return [self._stored(row) for row in rows]

    def _frozen(self, row: MotionRow | Row[Any]) -> tuple[Electorate, tuple[Member, ...]]:
        """The electorate and register snapshot, which never change once a motion opens.

        They are read once per process and kept: a burst of ballots on one motion would otherwise
        re-read hundreds of rows per ballot.
        """
        key = (str(self._session.get_bind().engine.url), row.id, row.opened_at)
        with _FROZEN_LOCK:
            known = _FROZEN.get(key)
        if known is not None:
            return known
        entries = self._session.scalars(
            select(ElectorateRow)
            .where(ElectorateRow.motion_id == row.id)
            .order_by(ElectorateRow.position)
        ).all()
        electorate = Electorate(
            weights={e.member_id: Fraction(e.weight) for e in entries},
            members=tuple(e.member_id for e in entries if e.eligible),
            recused=tuple(e.member_id for e in entries if not e.eligible),
        )
        register = tuple(
            Member(
                id=e.member_id,
                name=e.name,
                patents=e.patents,
                contribution=Fraction(e.contribution),
                representatives=tuple(json.loads(e.representatives)),
            )
            for e in entries
        )
        if entries:  # a motion being added in this transaction has no rows yet
            with _FROZEN_LOCK:
                if len(_FROZEN) >= _FROZEN_LIMIT:
                    _FROZEN.pop(next(iter(_FROZEN)))
                _FROZEN[key] = (electorate, register)
        return electorate, register

    def _stored(self, row: MotionRow | Row[Any]) -> StoredMotion:
        electorate, register = self._frozen(row)
        motion = Motion(
            id=str(row.id),
            kind=MotionKind(row.kind),
            title=row.title,
            text=row.text,
            payload=_payload(row.payload),
            rules=_rules(row.rules),
            electorate=electorate,
            charter_version=row.charter_version,
            opened_at=row.opened_at,
            closes_at=row.closes_at,
            state=MotionState(row.state),
            closed_at=row.closed_at,
            shown_at=row.shown_at,
        )
        return StoredMotion(
            motion=motion,
            opened_by=row.opened_by,
            register=register,
            result=loads(row.result) if row.result else None,
            close_reason=row.close_reason,
            audit_head=row.audit_head,
        )
