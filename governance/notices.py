"""Notices the pool owes its members: each reaches Slack exactly once, through the outbox.

A notice is enqueued (in the business transaction that makes it due, where there is one), then a
sender leases it for a while, posts it, and marks it sent with where it landed. A lease that runs
out (its sender died) lets the sweep take the notice again; a notice taken again is *reclaimed*:
it may already be in Slack, so the sender looks for it first (see ``bot/outbox.py``).

States: ``pending`` → ``sent`` (Slack has it), or ``pending`` → ``dropped`` (no longer wanted:
a withdrawn motion's unshown post, a reminder to a member that has voted since). A pending
notice is free to lease when it has no lease or its lease has run out, and when the notice it
waits for (``after``) was sent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


def motion_post_key(motion_id: str) -> str:
    """The notice that shows a motion to the members: its voting period starts when sent."""
    return f"motion:{motion_id}/post"


def motion_result_key(motion_id: str) -> str:
    """The result announcement, posted after the motion's post, where it went."""
    return f"motion:{motion_id}/result"


def dm_key(key: str, user: str) -> str:
    """The DM of notice ``key`` to ``user`` (a fan-out, or the operator's copy of a notice)."""
    return f"{key}/to/{user}"


def motion_of_notice(key: str) -> str | None:
    """``12`` for ``motion:12/post`` or ``motion:12/result``; ``None`` for other notices."""
    if not key.startswith("motion:"):
        return None
    return key.removeprefix("motion:").partition("/")[0]


class NoticeState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DROPPED = "dropped"


@dataclass(frozen=True)
class OutboxNotice:
    """One notice as the outbox holds it; ``content`` is ``None`` when rendered at send time."""

    key: str
    channel: str
    state: NoticeState
    enqueued_at: datetime
    content: Mapping[str, Any] | None = None
    post_key: str | None = None
    after: str | None = None
    lease_token: str | None = None
    leased_until: datetime | None = None
    first_leased_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    sent_channel: str | None = None
    sent_ts: str | None = None
    #: leased again after a lease that neither sent nor gave up: it may be in Slack already
    reclaimed: bool = False


class NoticeOutbox(Protocol):
    """The outbox's rows, read and written in the unit of work's transaction."""

    def enqueue(
        self,
        key: str,
        channel: str | None,
        now: datetime,
        *,
        content: Mapping[str, Any] | None = None,
        post_key: str | None = None,
        after: str | None = None,
    ) -> bool:
        """Add a pending notice unless ``key`` is known; True when added. With ``after`` and no
        ``channel`` the notice goes where ``after`` goes (and is not added if ``after`` is not)."""
        ...

    def enqueue_all(
        self, notices: Collection[tuple[str, str, Mapping[str, Any]]], now: datetime
    ) -> set[str]:
        """Add many ``(key, channel, content)`` at once; returns the keys added."""
        ...

    def get(self, key: str) -> OutboxNotice | None: ...
    def keys(self, prefix: str) -> set[str]:
        """Every notice key starting with ``prefix``, whatever its state."""
        ...

    def lease(self, key: str, now: datetime, until: datetime, token: str) -> OutboxNotice | None:
        """Take the notice until ``until`` if it is pending and free; ``None`` otherwise."""
        ...

    def mark_sent(self, key: str, channel: str, ts: str, now: datetime) -> bool:
        """Record that Slack has it; False when it was already marked sent."""
        ...

    def release(self, key: str, token: str, error: str, *, certain: bool) -> None:
        """Give the lease back after a failed send. ``certain``: Slack refused it, so it is not
        there; otherwise (no answer) it may be, and the next lease looks for it."""
        ...

    def drop(self, key: str, reason: str) -> bool:
        """No longer wanted: a pending notice is dropped (True), a sent one stays sent."""
        ...

    def due(self, now: datetime, limit: int, enqueued_before: datetime) -> list[str]:
        """Pending notices free to lease now and enqueued before ``enqueued_before`` (younger
        ones are left to whoever enqueued them), oldest first."""
        ...
