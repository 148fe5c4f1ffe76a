"""Notices that must go out once (meeting reminders, agenda and check-in posts, vote-reminder
DMs): each is claimed in its own short transaction *before* it is sent.

The claim is ``INSERT … ON CONFLICT DO NOTHING`` on ``(key, recipient)``, so across restarts and
replicas one caller sends it. A send that fails for good releases the claim for the next sweep; a
process that dies between claiming and sending leaves the notice claimed and unsent, which is the
price of never sending one twice.
"""

from __future__ import annotations

from datetime import datetime

from governance.meetings.ports import WHOLE, Notice
from governance.ports import UnitOfWork
from governance.services.common import attempt


def claim(uow: UnitOfWork, key: str, now: datetime, recipient: str = WHOLE) -> bool:
    def work() -> bool:
        with uow:
            won = uow.meetings.claim_notice(key, recipient, now)
            uow.commit()
            return won

    return attempt(work)


def mark_sent(
    uow: UnitOfWork,
    key: str,
    now: datetime,
    recipient: str = WHOLE,
    channel: str | None = None,
    ts: str | None = None,
) -> None:
    def work() -> None:
        with uow:
            uow.meetings.mark_notice_sent(key, recipient, now, channel, ts)
            uow.commit()

    attempt(work)


def release(uow: UnitOfWork, key: str, recipient: str = WHOLE) -> None:
    def work() -> None:
        with uow:
            uow.meetings.release_notice(key, recipient)
            uow.commit()

    attempt(work)


def sent_keys(uow: UnitOfWork, prefix: str) -> set[str]:
    with uow:
        return uow.meetings.sent_keys(prefix)


def recipients(uow: UnitOfWork, key: str) -> set[str]:
    with uow:
        return uow.meetings.recipients(key)


def notice(uow: UnitOfWork, key: str, recipient: str = WHOLE) -> Notice | None:
    with uow:
        return uow.meetings.notice(key, recipient)
