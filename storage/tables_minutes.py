"""Tables for the minutes lifecycle: where each occurrence's minutes stand (``minutes_reviews``)
and the corrections representatives proposed (``minutes_corrections``). Every version of the text
stays in ``meeting_minutes`` and in the audit chain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import HASH, MEMBER_ID, USER_ID, Base
from storage.types import UtcDateTime

OCCURRENCE_KEY = String(160)


class MinutesReviewRow(Base):
    """One occurrence's minutes: draft, circulated, approved or locked."""

    __tablename__ = "minutes_reviews"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'circulated', 'approved', 'locked')", name="state"),
    )
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    review_closes: Mapped[datetime | None] = mapped_column(UtcDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(16))
    approved_ref: Mapped[str] = mapped_column(String(160), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    text_hash: Mapped[str] = mapped_column(String(64), default="")
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(HASH)


class MinutesCorrectionRow(Base):
    """A correction a representative proposed, and the operator's decision with its reason."""

    __tablename__ = "minutes_corrections"
    __table_args__ = (
        CheckConstraint("state IN ('proposed', 'accepted', 'declined')", name="state"),
        Index(None, "occurrence_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY)
    proposed_by: Mapped[str] = mapped_column(USER_ID)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    text: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    audit_seq: Mapped[int] = mapped_column(Integer)
