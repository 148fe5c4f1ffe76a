"""Supervisory complaints against the operator (charter ``complaints`` and ``supervisors``).

``model`` holds the values (metadata apart from the confidential content), ``lifecycle`` the steps,
``deadlines`` the reminders and escalations the charter's deadlines drive, and ``access`` who may
read, see the filer of, and act on a complaint. Everything is re-exported here.
"""

from __future__ import annotations

from governance.complaints.access import (
    ComplaintAction,
    Viewer,
    can_act,
    can_file,
    can_read_content,
    can_see_complaints,
    can_see_filer,
    message_summary,
    require,
    viewer_of,
    visible_summary,
)
from governance.complaints.deadlines import (
    DEFAULT_REMINDERS,
    Deadline,
    Reminder,
    deadline_reminders_due,
    escalate_overdue,
    next_deadline,
    pending_deadlines,
    reminder_key,
)
from governance.complaints.lifecycle import (
    accept,
    acknowledge,
    answer,
    file_complaint,
    reject,
    to_motion,
)
from governance.complaints.model import (
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintContent,
    ComplaintStatus,
    EscalationReason,
    Response,
    Role,
)

__all__ = [
    "DEFAULT_REMINDERS",
    "OPEN_STATUSES",
    "Complaint",
    "ComplaintAction",
    "ComplaintCategory",
    "ComplaintContent",
    "ComplaintStatus",
    "Deadline",
    "EscalationReason",
    "Reminder",
    "Response",
    "Role",
    "Viewer",
    "accept",
    "acknowledge",
    "answer",
    "can_act",
    "can_file",
    "can_read_content",
    "can_see_complaints",
    "can_see_filer",
    "deadline_reminders_due",
    "escalate_overdue",
    "file_complaint",
    "message_summary",
    "next_deadline",
    "pending_deadlines",
    "reject",
    "reminder_key",
    "require",
    "to_motion",
    "viewer_of",
    "visible_summary",
]
