"""Who may read, see the filer of, and act on a complaint: the confidentiality rules in one place.

The charter's ``supervisors`` file complaints and judge the operator's answers; the ``operator``'s
users acknowledge and answer them. Both read the content; nobody else does, members included.
The filer of an anonymous complaint (``complaints.anonymous``) is never shown to the operator.

A user listed both as operator and as supervisor is refused by the charter check; should one slip
through, they are treated as the operator only: they never learn an anonymous filer, and they cannot
file complaints or judge their own answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from governance.charter import Charter
from governance.complaints.model import Complaint, ComplaintStatus
from governance.errors import ComplaintAlreadyMotion, ComplaintWrongStatus, NotAuthorised

OPERATOR = "operator"
SUPERVISORS = "supervisors"


@dataclass(frozen=True)
class Viewer:
    """A person as the complaint rules see them; ``member_id`` when they represent a member."""

    user_id: str
    is_operator: bool = False
    is_supervisor: bool = False
    member_id: str | None = None

    @property
    def acts_as_operator(self) -> bool:
        return self.is_operator

    @property
    def acts_as_supervisor(self) -> bool:
        return self.is_supervisor and not self.is_operator


def viewer_of(charter: Charter, user_id: str) -> Viewer:
    """The roles ``charter`` gives ``user_id``: operator, supervisor, member representative."""
    member = next((m for m in charter.members if user_id in m.representatives), None)
    return Viewer(
        user_id=user_id,
        is_operator=user_id in charter.operator.users,
        is_supervisor=user_id in charter.supervisors.users,
        member_id=member.id if member else None,
    )


class ComplaintAction(StrEnum):
    """A step someone takes on an existing complaint."""

    ACKNOWLEDGE = "acknowledge"
    ANSWER = "answer"
    ACCEPT = "accept"
    REJECT = "reject"
    TO_MOTION = "to_motion"


@dataclass(frozen=True)
class _Rule:
    phrase: str  # completes "Only the <role> may …"
    done: str  # completes "it can be … only while <status>"
    role: str
    statuses: tuple[ComplaintStatus, ...]


_FILED, _ACKNOWLEDGED = ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED
_ANSWERED, _ESCALATED = ComplaintStatus.ANSWERED, ComplaintStatus.ESCALATED
_RULES = {
    ComplaintAction.ACKNOWLEDGE: _Rule(
        "acknowledge a complaint", "acknowledged", OPERATOR, (_FILED,)
    ),
    # An answer implies the acknowledgement: the operator may answer straight away.
    ComplaintAction.ANSWER: _Rule(
        "answer a complaint", "answered", OPERATOR, (_FILED, _ACKNOWLEDGED)
    ),
    ComplaintAction.ACCEPT: _Rule("accept an answer", "closed", SUPERVISORS, (_ANSWERED,)),
    ComplaintAction.REJECT: _Rule(
        "reject an answer", "escalated by rejecting its answer", SUPERVISORS, (_ANSWERED,)
    ),
    ComplaintAction.TO_MOTION: _Rule(
        "turn a complaint into a motion", "turned into a motion", SUPERVISORS, (_ESCALATED,)
    ),
}


def _holds(viewer: Viewer, role: str) -> bool:
    return viewer.acts_as_operator if role == OPERATOR else viewer.acts_as_supervisor


def can_file(viewer: Viewer) -> bool:
    """Only supervisors file complaints."""
    return viewer.acts_as_supervisor


def require_filer(viewer: Viewer) -> None:
    if not can_file(viewer):
        raise NotAuthorised("file a complaint", SUPERVISORS)


def can_see_complaints(viewer: Viewer) -> bool:
    """Whether ``viewer`` may learn that complaints exist at all (lists, App Home, notices)."""
    return viewer.acts_as_operator or viewer.acts_as_supervisor


def can_read_content(viewer: Viewer, complaint: Complaint) -> bool:
    """Title, concern, evidence and responses: supervisors and the operator's users only."""
    return can_see_complaints(viewer)


def can_see_filer(viewer: Viewer, complaint: Complaint) -> bool:
    """Supervisors always; the operator only for a named complaint; nobody else."""
    if viewer.is_operator:  # checked first: a dual role never unmasks an anonymous filer
        return not complaint.anonymous
    return viewer.acts_as_supervisor


def can_act(viewer: Viewer, complaint: Complaint, action: ComplaintAction) -> bool:
    """Whether ``action`` by ``viewer`` would be accepted now (role and status; not deadlines)."""
    rule = _RULES[action]
    if not _holds(viewer, rule.role) or complaint.status not in rule.statuses:
        return False
    return not (action is ComplaintAction.TO_MOTION and complaint.motion_id is not None)


def require(viewer: Viewer, complaint: Complaint, action: ComplaintAction) -> None:
    """Raise the refusal ``can_act`` stands for: the role first, then the status."""
    rule = _RULES[action]
    if not _holds(viewer, rule.role):
        raise NotAuthorised(rule.phrase, rule.role)
    if complaint.status not in rule.statuses:
        raise ComplaintWrongStatus(
            complaint.id, complaint.status.value, rule.done, tuple(s.value for s in rule.statuses)
        )
    if action is ComplaintAction.TO_MOTION and complaint.motion_id is not None:
        raise ComplaintAlreadyMotion(complaint.id, complaint.motion_id)


def message_summary(complaint: Complaint) -> dict[str, str]:
    """All a message (channel post, DM, notice) may carry: id, category, status and deadlines."""
    return {
        "id": complaint.id,
        "category": complaint.category.value,
        "status": complaint.status.value,
        "acknowledge_by": complaint.acknowledge_by.isoformat(),
        "respond_by": complaint.respond_by.isoformat(),
    }


def visible_summary(complaint: Complaint, viewer: Viewer) -> dict[str, str]:
    """The metadata a view shows ``viewer``: the message summary, plus the filer when allowed."""
    if not can_see_complaints(viewer):
        raise NotAuthorised("see complaints", f"{SUPERVISORS} and the {OPERATOR}")
    summary = message_summary(complaint)
    if can_see_filer(viewer, complaint):
        summary["filed_by"] = complaint.filed_by
    return summary
