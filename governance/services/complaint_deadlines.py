"""The charter's complaint deadlines as jobs run them: escalation once, notices claimed once.

``escalate_overdue_complaints`` escalates each complaint whose deadline passed, in its own unit of
work; the status check under the row lock makes it happen once however many sweeps run. Notices
(reminders to the operator, the escalation flag in the supervisors' channel) go through the outbox
under keys that start ``complaint/<id>/``: a notice enqueued is never due again, and the outbox
sends it exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from governance.complaints import (
    DEFAULT_REMINDERS,
    Complaint,
    ComplaintStatus,
    Reminder,
    deadline_reminders_due,
    escalate_overdue,
)
from governance.ports import UnitOfWork
from governance.services.common import attempt
from governance.services.complaint_commands import ComplaintEscalated
from governance.services.complaint_notices import escalation_notice_key, notice_prefix
from governance.services.complaints import audit_data, load

WAITING_ON_OPERATOR = (ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED)


def overdue_complaints(uow: UnitOfWork, now: datetime) -> list[str]:
    """Complaints still waiting on the operator past a deadline (a read: pass a reader)."""
    with uow:
        return [
            c.id
            for c in uow.complaints.all()
            if c.status in WAITING_ON_OPERATOR and escalate_overdue(c, now) is not None
        ]


def escalate_overdue_complaints(
    uow: UnitOfWork, now: datetime, candidates: Iterable[str] | None = None
) -> list[ComplaintEscalated]:
    """Escalate every complaint with a missed deadline (among ``candidates``, when given: the
    sweep finds them with a reader first, so a quiet sweep takes no write lock)."""
    waiting = list(candidates) if candidates is not None else overdue_complaints(uow, now)
    events: list[ComplaintEscalated] = []
    for complaint_id in waiting:
        escalated = attempt(lambda cid=complaint_id: _escalate(uow, cid, now))  # type: ignore[misc]
        if escalated is not None:
            events.append(ComplaintEscalated(escalated))
    return events


def _escalate(uow: UnitOfWork, complaint_id: str, now: datetime) -> Complaint | None:
    with uow:
        complaint = load(uow, complaint_id, lock=True)
        escalated = escalate_overdue(complaint, now)
        if escalated is None:
            return None
        digest = uow.complaints.digest(complaint_id)
        entry = uow.audit.append("complaint_escalated", audit_data(escalated, digest, None), now)
        uow.complaints.update(escalated, complaint.status.value, None, entry.seq)
        uow.commit()
    return escalated


def reminders_due(
    uow: UnitOfWork, now: datetime, offsets: Iterable[timedelta] = DEFAULT_REMINDERS
) -> list[Reminder]:
    """Reminders to the operator that are due now and were never enqueued."""
    befores = tuple(offsets)
    due: list[Reminder] = []
    with uow:
        for complaint in uow.complaints.all():
            if complaint.status in WAITING_ON_OPERATOR:
                keys = uow.outbox.keys(notice_prefix(complaint.id))
                sent = {key.partition("/to/")[0] for key in keys}
                due += deadline_reminders_due(complaint, befores, now, sent)
    return due


def unannounced_escalations(uow: UnitOfWork) -> list[Complaint]:
    """Escalated complaints whose flag in the supervisors' channel was never enqueued."""
    with uow:
        return [
            c
            for c in uow.complaints.all()
            if c.status is ComplaintStatus.ESCALATED
            and uow.outbox.get(escalation_notice_key(c.id)) is None
        ]
