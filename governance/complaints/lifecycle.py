"""The steps of a complaint as pure functions: each takes the complaint and ``now``.

``complaints.acknowledge_within`` and ``complaints.respond_within`` both run from the filing time.
The operator acknowledges (while ``filed``) and answers (while ``filed`` or ``acknowledged``: an
answer implies the acknowledgement). A step taken after its deadline but before the deadline sweep
escalated the complaint is accepted and stays on record as late (``acknowledged_late``,
``answered_late``). The supervisors then accept the answer (``closed``) or reject it with their
reasons (``escalated``), and may turn an escalated complaint into a motion.

Refusals: :class:`NotAuthorised` for the wrong role, :class:`ComplaintWrongStatus` for the wrong
status, :class:`AnonymityNotAllowed` and :class:`ComplaintAlreadyMotion`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from governance.charter import Complaints
from governance.complaints.access import ComplaintAction, Viewer, require, require_filer
from governance.complaints.model import (
    Complaint,
    ComplaintCategory,
    ComplaintContent,
    ComplaintStatus,
    EscalationReason,
    Response,
    Role,
    require_aware,
)
from governance.errors import AnonymityNotAllowed


def file_complaint(
    *,
    complaint_id: str,
    category: ComplaintCategory,
    by: Viewer,
    anonymous: bool,
    rules: Complaints,
    now: datetime,
) -> Complaint:
    """A supervisor files a complaint; its deadlines follow from the charter's ``complaints``."""
    require_aware("now", now)
    require_filer(by)
    if anonymous and not rules.anonymous:
        raise AnonymityNotAllowed()
    return Complaint(
        id=complaint_id,
        category=category,
        status=ComplaintStatus.FILED,
        filed_at=now,
        filed_by=by.user_id,
        anonymous=anonymous,
        acknowledge_by=now + rules.acknowledge_within,
        respond_by=now + rules.respond_within,
    )


def acknowledge(complaint: Complaint, *, by: Viewer, now: datetime) -> Complaint:
    """The operator confirms receipt."""
    require_aware("now", now)
    require(by, complaint, ComplaintAction.ACKNOWLEDGE)
    return replace(complaint, status=ComplaintStatus.ACKNOWLEDGED, acknowledged_at=now)


def answer(
    complaint: Complaint, content: ComplaintContent, *, by: Viewer, text: str, now: datetime
) -> tuple[Complaint, ComplaintContent]:
    """The operator answers; an unacknowledged complaint counts as acknowledged at the same time."""
    require_aware("now", now)
    require(by, complaint, ComplaintAction.ANSWER)
    response = Response(Role.OPERATOR, text, now)
    answered = replace(
        complaint,
        status=ComplaintStatus.ANSWERED,
        acknowledged_at=complaint.acknowledged_at or now,
        answered_at=now,
    )
    return answered, content.with_response(response)


def accept(complaint: Complaint, *, by: Viewer, now: datetime) -> Complaint:
    """The supervisors accept the operator's answer: the complaint is closed."""
    require_aware("now", now)
    require(by, complaint, ComplaintAction.ACCEPT)
    return replace(complaint, status=ComplaintStatus.CLOSED, closed_at=now)


def reject(
    complaint: Complaint, content: ComplaintContent, *, by: Viewer, reason: str, now: datetime
) -> tuple[Complaint, ComplaintContent]:
    """The supervisors reject the answer; their reasons join the confidential content."""
    require_aware("now", now)
    require(by, complaint, ComplaintAction.REJECT)
    response = Response(Role.SUPERVISORS, reason, now)
    escalated = escalate(complaint, EscalationReason.ANSWER_REJECTED, now)
    return escalated, content.with_response(response)


def escalate(complaint: Complaint, reason: EscalationReason, now: datetime) -> Complaint:
    """Mark escalated; callers have checked that the complaint may be escalated."""
    return replace(
        complaint, status=ComplaintStatus.ESCALATED, escalated_at=now, escalation_reason=reason
    )


def to_motion(complaint: Complaint, *, by: Viewer, motion_id: str) -> Complaint:
    """A supervisor puts an escalated complaint before the pool as motion ``motion_id``."""
    require(by, complaint, ComplaintAction.TO_MOTION)
    return replace(complaint, motion_id=motion_id)
