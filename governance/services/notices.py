"""The outbox's steps as units of work: enqueue, lease, mark sent, release, drop.

Each is one short transaction (a lease must be committed before the send it guards). Marking a
motion's post sent also starts the motion's voting period, in the same transaction, with its
``motion_shown`` audit entry: the post is in the channel exactly when the period runs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from governance.events import MotionShown
from governance.notices import OutboxNotice, motion_post_key
from governance.ports import UnitOfWork
from governance.services.common import attempt


def enqueue(
    uow: UnitOfWork,
    key: str,
    channel: str,
    now: datetime,
    content: Mapping[str, Any] | None = None,
    post_key: str | None = None,
) -> bool:
    def work() -> bool:
        with uow:
            added = uow.outbox.enqueue(key, channel, now, content=content, post_key=post_key)
            uow.commit()
            return added

    return attempt(work)


def enqueue_all(
    uow: UnitOfWork, notices: Collection[tuple[str, str, Mapping[str, Any]]], now: datetime
) -> set[str]:
    """Many notices in one transaction (a fan-out's DMs); the keys that were new."""

    def work() -> set[str]:
        with uow:
            added = uow.outbox.enqueue_all(notices, now)
            uow.commit()
            return added

    return attempt(work)


def lease(
    uow: UnitOfWork, key: str, now: datetime, until: datetime, token: str
) -> OutboxNotice | None:
    def work() -> OutboxNotice | None:
        with uow:
            leased = uow.outbox.lease(key, now, until, token)
            uow.commit()
            return leased

    return attempt(work)


def mark_sent(uow: UnitOfWork, key: str, channel: str, ts: str, now: datetime) -> bool:
    def work() -> bool:
        with uow:
            marked = uow.outbox.mark_sent(key, channel, ts, now)
            uow.commit()
            return marked

    return attempt(work)


def release(uow: UnitOfWork, key: str, token: str, error: str, *, certain: bool) -> None:
    def work() -> None:
        with uow:
            uow.outbox.release(key, token, error, certain=certain)
            uow.commit()

    attempt(work)


def drop(uow: UnitOfWork, key: str, reason: str) -> bool:
    def work() -> bool:
        with uow:
            dropped = uow.outbox.drop(key, reason)
            uow.commit()
            return dropped

    return attempt(work)


def due(uow: UnitOfWork, now: datetime, enqueued_before: datetime, limit: int = 500) -> list[str]:
    with uow:
        return uow.outbox.due(now, limit, enqueued_before)


def keys(uow: UnitOfWork, prefix: str) -> set[str]:
    with uow:
        return uow.outbox.keys(prefix)


def get(uow: UnitOfWork, key: str) -> OutboxNotice | None:
    with uow:
        return uow.outbox.get(key)


def unshown_motions(uow: UnitOfWork) -> list[str]:
    with uow:
        return uow.motions.unshown()


def motion_posted(
    uow: UnitOfWork, motion_id: str, channel: str, ts: str, shown_at: datetime, now: datetime
) -> MotionShown | None:
    """The motion's post is in ``channel`` (since ``shown_at``): mark it sent and, if the motion
    is open and was not shown before, start its voting period (``motion_shown``)."""

    def work() -> MotionShown | None:
        with uow:
            uow.outbox.mark_sent(motion_post_key(motion_id), channel, ts, now)
            stored = uow.motions.get(motion_id, lock=True)
            if stored is None or not stored.motion.is_open or stored.motion.is_shown:
                uow.commit()
                return None
            shown = stored.motion.show(shown_at)
            assert shown.shown_at is not None  # noqa: S101 - show() sets it
            uow.audit.append(
                "motion_shown",
                {
                    "motion_id": motion_id,
                    "shown_at": shown.shown_at.isoformat(),
                    "closes_at": shown.closes_at.isoformat(),
                    "channel": channel,
                },
                now,
            )
            uow.motions.mark_shown(motion_id, shown.shown_at, shown.closes_at)
            uow.commit()
        return MotionShown(motion_id, shown.shown_at, shown.closes_at, channel)

    return attempt(work)
