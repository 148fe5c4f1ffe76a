"""Declared conflicts of interest in the database (``conflict_declarations``)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from governance.conflicts import Declaration
from storage.tables_register import ConflictDeclarationRow


class SqlDeclarationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, declaration: Declaration, audit_seq: int) -> None:
        self._session.execute(
            insert(ConflictDeclarationRow).values(
                motion_id=int(declaration.motion_id),
                member_id=declaration.member_id,
                reason=declaration.reason,
                declared_by=declaration.declared_by,
                declared_at=declaration.declared_at,
                by_operator=declaration.by_operator,
                audit_seq=audit_seq,
            )
        )

    def for_motion(self, motion_id: str) -> list[Declaration]:
        return self.for_motions([motion_id]).get(motion_id, [])

    def for_motions(self, motion_ids: Collection[str]) -> dict[str, list[Declaration]]:
        ids = sorted({int(m) for m in motion_ids if m.isdigit()})
        if not ids:
            return {}
        table = ConflictDeclarationRow
        rows = self._session.execute(
            select(table).where(table.motion_id.in_(ids)).order_by(table.id)
        ).scalars()
        found: dict[str, list[Declaration]] = {}
        for r in rows:
            found.setdefault(str(r.motion_id), []).append(
                Declaration(
                    str(r.motion_id),
                    r.member_id,
                    r.reason,
                    r.declared_by,
                    r.declared_at,
                    by_operator=bool(r.by_operator),
                )
            )
        return found
