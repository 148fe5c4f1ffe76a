"""Where the bot's messages live in Slack: bookkeeping, not governance facts.

A motion's message is found again by its key (``motion:12``) to refresh it; ``rendered_state``
says what it last showed, so the sweep can repair a message left showing an open motion after a
crash. What is posted once (the result announcement among them) goes through the outbox.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class SlackPostRow(Base):
    __tablename__ = "slack_posts"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    ts: Mapped[str] = mapped_column(String(32))
    rendered_state: Mapped[str | None] = mapped_column(String(32))
