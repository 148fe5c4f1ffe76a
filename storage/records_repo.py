"""Repositories for the simpler records: charter versions, fees, distributions, request keys."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from governance.ports import CharterRecord, DistributionRule, FeeEntry
from storage.codec import dumps, loads
from storage.deferred import defer
from storage.dialect import InsertIfAbsent, padded
from storage.tables import (
    CharterVersionRow,
    DistributionRuleRow,
    FeeScheduleRow,
    ProcessedRequestRow,
)


def _charter(row: CharterVersionRow) -> CharterRecord:
    carried = row.carried_by_motion_id
    return CharterRecord(
        row.version, row.text, row.text_hash, row.effective_at, str(carried) if carried else None
    )


class SqlCharterRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self) -> CharterRecord | None:
        query = select(CharterVersionRow).order_by(CharterVersionRow.version.desc()).limit(1)
        row = self._session.scalars(query).first()
        return _charter(row) if row else None

    def get(self, version: int) -> CharterRecord | None:
        row = self._session.get(CharterVersionRow, version)
        return _charter(row) if row else None

    def add(self, record: CharterRecord) -> None:
        carried = record.carried_by_motion
        self._session.execute(
            insert(CharterVersionRow).values(
                version=record.version,
                text=record.text,
                text_hash=record.text_hash,
                effective_at=record.effective_at,
                carried_by_motion_id=int(carried) if carried else None,
            )
        )


class SqlFeeScheduleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, entry: FeeEntry) -> None:
        self._session.execute(
            insert(FeeScheduleRow).values(
                product_category=entry.product_category,
                royalty=entry.royalty,
                effective_date=entry.effective_date,
                basis=dumps(entry.basis),
                motion_id=int(entry.motion_id),
                recorded_at=entry.recorded_at,
            )
        )

    def all(self) -> list[FeeEntry]:
        rows = self._session.scalars(select(FeeScheduleRow).order_by(FeeScheduleRow.id))
        return [
            FeeEntry(
                r.product_category,
                r.royalty,
                r.effective_date,
                str(r.motion_id),
                r.recorded_at,
                loads(r.basis),
            )
            for r in rows
        ]


class SqlDistributionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, rule: DistributionRule) -> None:
        self._session.execute(
            insert(DistributionRuleRow).values(
                rule=rule.rule,
                effective_date=rule.effective_date,
                motion_id=int(rule.motion_id),
                recorded_at=rule.recorded_at,
            )
        )

    def all(self) -> list[DistributionRule]:
        rows = self._session.scalars(select(DistributionRuleRow).order_by(DistributionRuleRow.id))
        return [
            DistributionRule(r.rule, r.effective_date, str(r.motion_id), r.recorded_at)
            for r in rows
        ]


# Built once: every ballot runs these (see storage.dialect.InsertIfAbsent for why).
_RECORD = InsertIfAbsent(ProcessedRequestRow, ["key"])
_RESULTS = select(ProcessedRequestRow.key, ProcessedRequestRow.result).where(
    ProcessedRequestRow.key.in_(bindparam("keys", expanding=True))
)


class SqlRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def results(self, keys: Collection[str]) -> dict[str, Mapping[str, Any]]:
        if not keys:
            return {}
        rows = self._session.connection().execute(_RESULTS, {"keys": padded(keys)})
        return {key: loads(text) for key, text in rows if text}

    def record_all(
        self,
        answers: Sequence[tuple[str, Mapping[str, Any]]],
        now: datetime,
        *,
        deferred: bool = False,
    ) -> bool:
        rows = [
            {"key": key, "processed_at": now, "result": dumps(result)} for key, result in answers
        ]
        if deferred:
            defer(self._session, "answers", _RECORD, rows, "a request key was answered meanwhile")
            return True
        return _RECORD.all(self._session, rows)
