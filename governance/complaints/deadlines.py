"""The charter's complaint deadlines: reminders to the operator before them, escalation after.

Both are pure and idempotent, so the scheduler and the reconciler sweep may call them as often as
they like. ``escalate_overdue`` escalates a complaint once: an escalated complaint is no longer
waiting on anything and yields ``None``. ``deadline_reminders_due`` is keyed: a reminder whose key
was recorded as sent is never due again, and after downtime only the most urgent reminder of each
deadline is sent (the earlier ones have nothing left to say).

A deadline is met by a step taken at or before it; it is missed once ``now`` is strictly after it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from governance.complaints.lifecycle import escalate
from governance.complaints.model import (
    Complaint,
    ComplaintStatus,
    EscalationReason,
    require_aware,
)

DEFAULT_REMINDERS = (timedelta(days=1),)


class Deadline(StrEnum):
    """The operator's two deadlines, named as the ``Complaint`` fields that hold them."""

    ACKNOWLEDGE_BY = "acknowledge_by"
    RESPOND_BY = "respond_by"


_MISSED = {
    Deadline.ACKNOWLEDGE_BY: EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED,
    Deadline.RESPOND_BY: EscalationReason.RESPOND_DEADLINE_MISSED,
}


def pending_deadlines(complaint: Complaint) -> Iterator[tuple[Deadline, datetime]]:
    """The deadlines the operator still owes a step for, in the order the steps come."""
    if complaint.status is ComplaintStatus.FILED:
        yield Deadline.ACKNOWLEDGE_BY, complaint.acknowledge_by
    if complaint.status in {ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED}:
        yield Deadline.RESPOND_BY, complaint.respond_by


def next_deadline(complaint: Complaint) -> datetime | None:
    """When the next pending deadline falls (escalation is due just after it), if any."""
    return min((at for _, at in pending_deadlines(complaint)), default=None)


def escalate_overdue(complaint: Complaint, now: datetime) -> Complaint | None:
    """The complaint escalated for its first missed deadline, or ``None`` when none was missed."""
    require_aware("now", now)
    for deadline, at in pending_deadlines(complaint):
        if now > at:
            return escalate(complaint, _MISSED[deadline], now)
    return None


@dataclass(frozen=True)
class Reminder:
    """A reminder to the operator that ``deadline`` falls at ``deadline_at``."""

    key: str  # record it once sent; it is never due again
    complaint_id: str
    deadline: Deadline
    deadline_at: datetime
    before: timedelta
    due_at: datetime


def reminder_key(complaint_id: str, deadline: Deadline, before: timedelta) -> str:
    return f"complaint/{complaint_id}/{deadline.value}/{before // timedelta(seconds=1)}s"


def deadline_reminders_due(
    complaint: Complaint,
    offsets: Iterable[timedelta],
    now: datetime,
    sent_keys: Collection[str],
) -> tuple[Reminder, ...]:
    """The reminders to send now: at most one per pending deadline, none already sent.

    ``offsets`` say how long before each deadline to remind (e.g. one day). A reminder that would
    fall before the complaint was filed is skipped, and none is sent once its deadline has passed:
    escalation takes over.
    """
    require_aware("now", now)
    befores = sorted(set(offsets))  # most urgent (smallest) first
    if any(before <= timedelta(0) for before in befores):
        raise ValueError("reminder offsets must be positive")
    due: list[Reminder] = []
    for deadline, at in pending_deadlines(complaint):
        if now >= at:
            continue
        for before in befores:
            key = reminder_key(complaint.id, deadline, before)
            due_at = at - before
            if key in sent_keys or due_at < complaint.filed_at:
                break  # a more urgent one went out, or this and the rest predate the filing
            if due_at <= now:
                due.append(Reminder(key, complaint.id, deadline, at, before, due_at))
                break
    return tuple(due)
