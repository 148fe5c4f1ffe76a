"""Follow-up actions in SQL: implements :class:`governance.ports.ActionRepository`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from governance.actions import Action, ActionSource, ActionStatus, NewAction
from governance.ports import ConcurrentWrite
from storage.dialect import affected, insert_if_absent
from storage.motion_repo import LARGEST_ROW_ID
from storage.tables_actions import FollowUpActionRow


def _action(row: FollowUpActionRow) -> Action:
    return Action(
        id=row.id,
        description=row.description,
        owner=row.owner,
        due_at=row.due_at,
        created_at=row.created_at,
        created_by=row.created_by,
        source=ActionSource(row.source),
        motion_id=None if row.motion_id is None else str(row.motion_id),
        occurrence_key=row.occurrence_key,
        template_key=row.template_key,
        status=ActionStatus(row.status),
        done_at=row.done_at,
        done_by=row.done_by,
        note=row.note,
    )


def action_number(action_id: str) -> int | None:
    """An action id as typed (``12`` or ``A12``) as its row id, or ``None``."""
    text = action_id.strip().removeprefix("A").removeprefix("a").removeprefix("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ROW_ID else None


class SqlActionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def next_id(self) -> int:
        query = select(FollowUpActionRow.id).order_by(FollowUpActionRow.id.desc()).limit(1)
        last = self._session.execute(query).scalar_one_or_none()
        return (last or 0) + 1

    def add(
        self, action_id: int, new: NewAction, created_at: datetime, by: str, audit_seq: int
    ) -> None:
        values = {
            "id": action_id,
            "source": new.source.value,
            "motion_id": None if new.motion_id is None else int(new.motion_id),
            "slot": new.slot if new.source is ActionSource.MOTION else None,
            "occurrence_key": new.occurrence_key,
            "template_key": new.template_key,
            "description": new.description,
            "owner": new.owner,
            "due_at": new.due_at,
            "created_at": created_at,
            "created_by": by,
            "status": ActionStatus.OPEN.value,
            "audit_seq": audit_seq,
        }
        if not insert_if_absent(self._session, FollowUpActionRow, values, ["id"]):
            raise ConcurrentWrite(f"action id {action_id} was taken meanwhile")

    def mark_done(self, action: Action, audit_seq: int) -> bool:
        statement = (
            update(FollowUpActionRow)
            .where(FollowUpActionRow.id == action.id, FollowUpActionRow.status == "open")
            .values(
                status=action.status.value,
                done_at=action.done_at,
                done_by=action.done_by,
                note=action.note,
                audit_seq=audit_seq,
            )
            .returning(FollowUpActionRow.id)
        )
        return affected(self._session.connection().execute(statement)) == 1

    def get(self, action_id: str, *, lock: bool = False) -> Action | None:
        number = action_number(action_id)
        if number is None:
            return None
        query = select(FollowUpActionRow).where(FollowUpActionRow.id == number)
        if lock:
            query = query.with_for_update()
        row = self._session.execute(query).scalar_one_or_none()
        return _action(row) if row is not None else None

    def for_motion(self, motion_id: str) -> list[Action]:
        if not motion_id.isdigit():
            return []
        query = (
            select(FollowUpActionRow)
            .where(FollowUpActionRow.motion_id == int(motion_id))
            .order_by(FollowUpActionRow.id)
        )
        return [_action(r) for r in self._session.execute(query).scalars()]

    def open(self) -> list[Action]:
        query = (
            select(FollowUpActionRow)
            .where(FollowUpActionRow.status == "open")
            .order_by(FollowUpActionRow.due_at, FollowUpActionRow.id)
        )
        return [_action(r) for r in self._session.execute(query).scalars()]

    def all(self) -> list[Action]:
        query = select(FollowUpActionRow).order_by(FollowUpActionRow.id)
        return [_action(r) for r in self._session.execute(query).scalars()]
