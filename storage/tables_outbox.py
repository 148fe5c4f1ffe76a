"""The notice outbox: every message poolgov must post exactly once, from enqueue to sent.

A notice (a motion's post, a result announcement, a meeting post, a reminder, a complaint notice,
one DM of a fan-out) is a row keyed by its notice key. ``state`` is ``pending`` until Slack has it
(``sent``, with where it landed) or it is no longer wanted (``dropped``). A sender takes a lease
(``lease_token``, ``leased_until``) before it sends; a lease left behind by a dead process expires
and the sweep takes the notice again, looking for it in the channel first (``first_leased_at``
bounds that search). ``after_key`` holds a notice back until another is sent (a result waits for
its motion's post), ``content`` is the text and blocks when rendered at enqueue time, and
``post_key`` names the ``slack_posts`` entry that remembers the message for later edits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base
from storage.types import UtcDateTime

NOTICE_KEY = String(240)
CHANNEL = String(64)


class NoticeRow(Base):
    __tablename__ = "notice_outbox"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'sent', 'dropped')", name="state"),
        Index(None, "state", "leased_until"),
    )
    key: Mapped[str] = mapped_column(NOTICE_KEY, primary_key=True)
    channel: Mapped[str] = mapped_column(CHANNEL)
    state: Mapped[str] = mapped_column(String(16))
    enqueued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    after_key: Mapped[str | None] = mapped_column(NOTICE_KEY)
    content: Mapped[str | None] = mapped_column(Text)
    post_key: Mapped[str | None] = mapped_column(String(128))
    lease_token: Mapped[str | None] = mapped_column(String(32))
    leased_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_leased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_channel: Mapped[str | None] = mapped_column(CHANNEL)
    sent_ts: Mapped[str | None] = mapped_column(String(32))
