"""Tables for register upkeep and declared conflicts of interest.

``conflict_declarations`` keeps each member's declared conflict on a motion (one per member and
motion), with its reason, who declared it and its audit entry; nothing here is ever deleted. A
register change's who, why and field-by-field difference live in the chain's ``member_updated``
entry and the values in ``member_changes``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import MEMBER_ID, USER_ID, Base
from storage.types import UtcDateTime


class ConflictDeclarationRow(Base):
    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("motion_id", "member_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id"), index=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(USER_ID)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime())
    by_operator: Mapped[bool] = mapped_column(Boolean)
    audit_seq: Mapped[int] = mapped_column(Integer)
