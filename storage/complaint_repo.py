"""Complaints in SQL: implements :class:`governance.complaints.ports.ComplaintRepository`.

The repository seals and opens content with the :class:`~storage.sealing.Sealer` the unit of work
hands it (created on first use, so entry points that never touch complaints need no key). Every
read checks the row against the audit entry that recorded it (``audit_seq``): a status, category
or sealed blob changed outside poolgov raises :class:`ComplaintRecordAltered`, loudly, before
anything is shown. ``poolgov audit verify`` compares every complaint with the chain
(:mod:`storage.record`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from governance.complaints import (
    Complaint,
    ComplaintCategory,
    ComplaintContent,
    ComplaintStatus,
    EscalationReason,
)
from governance.complaints.ports import SealedContent
from governance.meetings.agenda import OpenComplaint
from governance.ports import ConcurrentWrite
from storage.dialect import affected, insert_if_absent
from storage.motion_repo import LARGEST_ROW_ID
from storage.sealing import Sealer, digest
from storage.tables import AuditEntryRow
from storage.tables_complaints import ComplaintRow

SealerSource = Callable[[], Sealer]
AGENDA_STATUSES = ("filed", "acknowledged", "answered", "escalated")


class ComplaintKeyRequired(Exception):
    def __str__(self) -> str:
        return "This unit of work has no complaint key, so it cannot seal or open complaints."


class ComplaintRecordAltered(Exception):
    """A stored complaint no longer matches the audit entry that recorded it."""

    def __init__(self, complaint_id: str, seq: int, field: str) -> None:
        super().__init__(complaint_id, seq, field)
        self.complaint_id = complaint_id
        self.seq = seq
        self.field = field

    def __str__(self) -> str:
        return (
            f"Complaint {self.complaint_id} was altered outside poolgov: its {self.field} differs "
            f"from audit entry {self.seq}, which recorded it."
        )


def complaint_number(complaint_id: str) -> int:
    """Complaint ids are row numbers as text; anything else names no complaint (-1)."""
    if not (complaint_id.isascii() and complaint_id.isdigit() and len(complaint_id) < 12):
        return -1
    number = int(complaint_id)
    return number if number <= LARGEST_ROW_ID else -1


def mismatch(row: ComplaintRow, recorded: Mapping[str, Any]) -> str | None:
    """The first field of ``row`` that differs from the state the chain ``recorded``."""
    expected = {
        "complaint_id": str(row.id),
        "category": row.category,
        "status": row.status,
        "anonymous": row.anonymous,
        "motion_id": str(row.motion_id) if row.motion_id is not None else None,
        "content_sha256": digest(row.sealed),
        "acknowledge_by": row.acknowledge_by.isoformat(),
        "respond_by": row.respond_by.isoformat(),
    }
    if not row.anonymous:
        expected["filed_by"] = row.filed_by
    for field, value in expected.items():
        if recorded.get(field) != value:
            return "sealed content" if field == "content_sha256" else field
    return None


class SqlComplaintRepository:
    def __init__(self, session: Session, sealer: SealerSource | None = None) -> None:
        self._session = session
        self._sealer_source = sealer

    def _sealer(self) -> Sealer:
        if self._sealer_source is None:
            raise ComplaintKeyRequired()
        return self._sealer_source()

    def next_id(self) -> str:
        query = select(ComplaintRow.id).order_by(ComplaintRow.id.desc()).limit(1)
        last = self._session.execute(query).scalar_one_or_none()
        return str((last or 0) + 1)

    def seal(self, complaint_id: str, content: ComplaintContent) -> SealedContent:
        blob = self._sealer().seal(complaint_id, content)
        return SealedContent(digest(blob), blob)

    def add(self, complaint: Complaint, sealed: SealedContent, audit_seq: int) -> None:
        values = {
            "id": complaint_number(complaint.id),
            "filed_at": complaint.filed_at,
            "filed_by": complaint.filed_by,
            "anonymous": complaint.anonymous,
            "sealed": sealed.blob,
            "audit_seq": audit_seq,
            **_state(complaint),
        }
        if not insert_if_absent(self._session, ComplaintRow, values, ["id"]):
            raise ConcurrentWrite(f"complaint id {complaint.id} was taken meanwhile")

    def update(
        self,
        complaint: Complaint,
        expected_status: str,
        sealed: SealedContent | None,
        audit_seq: int,
    ) -> None:
        values: dict[str, Any] = {**_state(complaint), "audit_seq": audit_seq}
        if sealed is not None:
            values["sealed"] = sealed.blob
        statement = (
            update(ComplaintRow)
            .where(
                ComplaintRow.id == complaint_number(complaint.id),
                ComplaintRow.status == expected_status,
            )
            .values(**values)
            .returning(ComplaintRow.id)
        )
        if affected(self._session.connection().execute(statement)) != 1:
            raise ConcurrentWrite(f"complaint {complaint.id} changed meanwhile")

    def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None:
        number = complaint_number(complaint_id)
        if lock:
            # Lock the row first, then read it with its audit entry in a statement of its own.
            # One ``FOR UPDATE OF complaints`` joined to the entry would, on PostgreSQL, wait for
            # a step changing the complaint, re-read the row, yet keep the entry of its own
            # snapshot: the step's new entry would be missing and the complaint read as altered.
            locking = select(ComplaintRow.id).where(ComplaintRow.id == number).with_for_update()
            self._session.execute(locking)
        found = self._read(self._checked().where(ComplaintRow.id == number))
        return found[0] if found else None

    def content(self, complaint_id: str) -> ComplaintContent:
        row = self._row(complaint_id)
        return self._sealer().open(complaint_id, row.sealed)

    def digest(self, complaint_id: str) -> str:
        return digest(self._row(complaint_id).sealed)

    def all(self) -> list[Complaint]:
        return self._read(self._checked().order_by(ComplaintRow.id))

    def open_for_agenda(self) -> list[OpenComplaint]:
        query = self._checked().where(ComplaintRow.status.in_(AGENDA_STATUSES))
        return [
            OpenComplaint(c.id, c.category.value, c.status.value)
            for c in self._read(query.order_by(ComplaintRow.id))
        ]

    def _row(self, complaint_id: str) -> ComplaintRow:
        query = self._checked().where(ComplaintRow.id == complaint_number(complaint_id))
        rows = self._session.execute(query.execution_options(populate_existing=True)).all()
        if not rows:
            raise LookupError(f"no complaint {complaint_id}")
        row, body = rows[0]
        _check(row, body)
        return row

    @staticmethod
    def _checked() -> Select[ComplaintRow, str]:
        return select(ComplaintRow, AuditEntryRow.body).outerjoin(
            AuditEntryRow, AuditEntryRow.seq == ComplaintRow.audit_seq
        )

    def _read(self, query: Select[ComplaintRow, str]) -> list[Complaint]:
        rows = self._session.execute(query.execution_options(populate_existing=True)).all()
        complaints = []
        for row, body in rows:
            _check(row, body)
            complaints.append(_complaint(row))
        return complaints


def _check(row: ComplaintRow, body: str | None) -> None:
    recorded = json.loads(body).get("data", {}) if body else {}
    field = mismatch(row, recorded)
    if field is not None:
        raise ComplaintRecordAltered(str(row.id), row.audit_seq, field)


def _state(complaint: Complaint) -> dict[str, Any]:
    reason = complaint.escalation_reason
    return {
        "category": complaint.category.value,
        "status": complaint.status.value,
        "acknowledge_by": complaint.acknowledge_by,
        "respond_by": complaint.respond_by,
        "acknowledged_at": complaint.acknowledged_at,
        "answered_at": complaint.answered_at,
        "closed_at": complaint.closed_at,
        "escalated_at": complaint.escalated_at,
        "escalation_reason": reason.value if reason else None,
        "motion_id": complaint_number(complaint.motion_id) if complaint.motion_id else None,
    }


def _complaint(row: ComplaintRow) -> Complaint:
    return Complaint(
        id=str(row.id),
        category=ComplaintCategory(row.category),
        status=ComplaintStatus(row.status),
        filed_at=row.filed_at,
        filed_by=row.filed_by,
        anonymous=row.anonymous,
        acknowledge_by=row.acknowledge_by,
        respond_by=row.respond_by,
        acknowledged_at=row.acknowledged_at,
        answered_at=row.answered_at,
        closed_at=row.closed_at,
        escalated_at=row.escalated_at,
        escalation_reason=EscalationReason(row.escalation_reason)
        if row.escalation_reason
        else None,
        motion_id=str(row.motion_id) if row.motion_id is not None else None,
    )
