"""What a database has been used with: real Slack, or the local sandbox (one row, or none yet).

The mark keeps the two apart for good: a sandbox's motions and votes are practice, and a real
pool's record must never receive them (see :mod:`storage.deployment`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base
from storage.types import UtcDateTime


class DeploymentRow(Base):
    __tablename__ = "deployment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    kind: Mapped[str] = mapped_column(String(16))  # "slack" or "sandbox"
    marked_at: Mapped[datetime] = mapped_column(UtcDateTime())
