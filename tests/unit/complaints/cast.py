"""The people and complaints the complaint tests share.

Two supervisors (the filer and a colleague), the operator's user, Acme's representative and an
outsider; a complaint filed on 1 March 2027 under the charter's default deadlines (3 and 14 days).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.charter import Complaints
from governance.complaints import (
    Complaint,
    ComplaintAction,
    ComplaintCategory,
    ComplaintContent,
    ComplaintStatus,
    Viewer,
    accept,
    acknowledge,
    answer,
    file_complaint,
    reject,
    to_motion,
)

FILER = Viewer("U0SUPER1", is_supervisor=True)
OTHER_SUPERVISOR = Viewer("U0SUPER2", is_supervisor=True)
OPERATOR = Viewer("U0OPERATOR1", is_operator=True)
REPRESENTATIVE = Viewer("U0ACME1", member_id="acme")
OUTSIDER = Viewer("U0STRANGER")

RULES = Complaints(
    acknowledge_within=timedelta(days=3), respond_within=timedelta(days=14), anonymous=True
)
FILED_AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ACKNOWLEDGE_BY = FILED_AT + timedelta(days=3)
RESPOND_BY = FILED_AT + timedelta(days=14)
HOUR = timedelta(hours=1)
CONTENT = ComplaintContent(
    title="Royalty statement for Q4 omits Beta's licensees",
    concern="The Q4 distribution leaves out three licensees reported by Beta.",
    evidence=("https://example.org/q4-statement",),
)


def filed(*, anonymous: bool = False, complaint_id: str = "c-1") -> Complaint:
    return file_complaint(
        complaint_id=complaint_id,
        category=ComplaintCategory.REVENUE_DISTRIBUTION,
        by=FILER,
        anonymous=anonymous,
        rules=RULES,
        now=FILED_AT,
    )


def acknowledged(*, anonymous: bool = False) -> Complaint:
    return acknowledge(filed(anonymous=anonymous), by=OPERATOR, now=FILED_AT + HOUR)


def answered(*, anonymous: bool = False) -> Complaint:
    complaint, _ = answer(
        acknowledged(anonymous=anonymous),
        CONTENT,
        by=OPERATOR,
        text="The three licensees joined in January; they fall in Q1.",
        now=FILED_AT + 2 * HOUR,
    )
    return complaint


def closed(*, anonymous: bool = False) -> Complaint:
    return accept(answered(anonymous=anonymous), by=OTHER_SUPERVISOR, now=FILED_AT + 3 * HOUR)


def escalated(*, anonymous: bool = False) -> Complaint:
    complaint, _ = reject(
        answered(anonymous=anonymous),
        CONTENT,
        by=OTHER_SUPERVISOR,
        reason="The contracts show December signatures.",
        now=FILED_AT + 3 * HOUR,
    )
    return complaint


def perform(action: ComplaintAction, complaint: Complaint, viewer: Viewer) -> Complaint:
    """Take ``action`` through the lifecycle function that implements it."""
    now = FILED_AT + 4 * HOUR
    if action is ComplaintAction.ACKNOWLEDGE:
        return acknowledge(complaint, by=viewer, now=now)
    if action is ComplaintAction.ANSWER:
        return answer(complaint, CONTENT, by=viewer, text="Our answer.", now=now)[0]
    if action is ComplaintAction.ACCEPT:
        return accept(complaint, by=viewer, now=now)
    if action is ComplaintAction.REJECT:
        return reject(complaint, CONTENT, by=viewer, reason="Not enough.", now=now)[0]
    return to_motion(complaint, by=viewer, motion_id="m-9")


BY_STATUS = {
    ComplaintStatus.FILED: filed,
    ComplaintStatus.ACKNOWLEDGED: acknowledged,
    ComplaintStatus.ANSWERED: answered,
    ComplaintStatus.CLOSED: closed,
    ComplaintStatus.ESCALATED: escalated,
}
