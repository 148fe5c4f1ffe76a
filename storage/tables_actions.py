"""Follow-up actions: one row per action, from a carried motion, the minutes or the operator.

``(motion_id, slot)`` is unique, so a motion's actions are created once however often its close
is retried. ``audit_seq`` names the entry that recorded the row's current state. Reminders and the
overdue flag go through the outbox under keys that start ``action/<id>/``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import USER_ID, Base
from storage.types import UtcDateTime


class FollowUpActionRow(Base):
    __tablename__ = "follow_up_actions"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done')", name="status"),
        CheckConstraint("source IN ('motion', 'minutes', 'operator')", name="source"),
        UniqueConstraint("motion_id", "slot"),
        Index(None, "status", "due_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(16))
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id"))
    slot: Mapped[int | None] = mapped_column(Integer)
    occurrence_key: Mapped[str | None] = mapped_column(String(128))
    template_key: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(1000))
    owner: Mapped[str] = mapped_column(USER_ID)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(USER_ID)
    status: Mapped[str] = mapped_column(String(16))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_by: Mapped[str | None] = mapped_column(USER_ID)
    note: Mapped[str | None] = mapped_column(String(2000))
    audit_seq: Mapped[int] = mapped_column(ForeignKey("audit_entries.seq"))
