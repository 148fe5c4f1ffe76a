"""Tables for supervisory complaints: metadata in the clear, content sealed.

``complaints.sealed`` is the AES-GCM blob of the content (title, concern, evidence, responses);
plaintext never reaches a column. ``audit_seq`` names the audit entry that recorded the row's
current state, with the SHA-256 of ``sealed``. Reminders and flags go through the outbox
(:mod:`storage.tables_outbox`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import USER_ID, Base
from storage.types import UtcDateTime


class ComplaintRow(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(
            "status IN ('filed', 'acknowledged', 'answered', 'closed', 'escalated')",
            name="status",
        ),
        Index(None, "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    filed_by: Mapped[str] = mapped_column(USER_ID)
    anonymous: Mapped[bool]
    acknowledge_by: Mapped[datetime] = mapped_column(UtcDateTime())
    respond_by: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    escalation_reason: Mapped[str | None] = mapped_column(String(40))
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    audit_seq: Mapped[int] = mapped_column(ForeignKey("audit_entries.seq"))
