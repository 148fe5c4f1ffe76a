"""Proxies (``proxies`` in the charter) and the ballots cast with them.

A proxy's id is the seq of its ``proxy_given`` audit entry, so the chain names it before the row
exists. A ballot cast by proxy is an ordinary row of ``ballots``; ``proxy_ballots`` marks it, by
the seq of the ballot's audit entry, with the proxy and the holder who cast it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import MEMBER_ID, USER_ID, Base
from storage.types import UtcDateTime


class ProxyRow(Base):
    __tablename__ = "proxies"
    __table_args__ = (
        CheckConstraint(
            "instruction IS NULL OR instruction IN ('yes', 'no', 'abstain')", name="instruction"
        ),
        Index(None, "member_id"),
        Index(None, "holder"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    holder: Mapped[str] = mapped_column(USER_ID)
    given_by: Mapped[str] = mapped_column(USER_ID)
    given_at: Mapped[datetime] = mapped_column(UtcDateTime())
    motion_id: Mapped[int | None] = mapped_column(Integer)
    until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    instruction_motion_id: Mapped[int | None] = mapped_column(Integer)
    instruction: Mapped[str | None] = mapped_column(String(8))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_by: Mapped[str | None] = mapped_column(USER_ID)
    revoked_seq: Mapped[int | None] = mapped_column(Integer)


class ProxyBallotRow(Base):
    __tablename__ = "proxy_ballots"
    audit_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    motion_id: Mapped[int] = mapped_column(Integer, index=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    proxy_id: Mapped[int] = mapped_column(ForeignKey("proxies.id"), index=True)
    holder: Mapped[str] = mapped_column(USER_ID)
