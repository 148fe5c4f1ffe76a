"""The complaint services: filing, and each step a person takes on a complaint.

Each runs in one unit of work: the charter says who the actor is, the lifecycle rules decide, the
content (when it changes) is sealed by the repository, the audit chain records the new state with
the SHA-256 of the sealed content (never the text), and the row is stored with the sequence number
of that entry. A refusal rolls everything back and leaves no trace.

In the chain, supervisors' steps on an anonymous complaint are recorded as by ``supervisors``, and
its filer is not recorded at all: the chain is exported with motions and read by the operator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from governance.complaints import (
    Complaint,
    ComplaintAction,
    ComplaintContent,
    Viewer,
    can_see_complaints,
    lifecycle,
    require,
    viewer_of,
)
from governance.errors import NotAuthorised
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, current_charter
from governance.services.complaint_commands import (
    AcceptAnswer,
    AcknowledgeComplaint,
    AnswerComplaint,
    ComplaintAcknowledged,
    ComplaintAnswered,
    ComplaintClosed,
    ComplaintEscalated,
    ComplaintFiled,
    FileComplaint,
    RejectAnswer,
    UnknownComplaint,
)
from governance.services.complaint_notices import enqueue_step_notices

Step = Callable[[Complaint, Viewer, UnitOfWork], tuple[Complaint, ComplaintContent | None]]
SUPERVISORS = "supervisors"


def audit_data(complaint: Complaint, content_digest: str, by: str | None) -> dict[str, Any]:
    """The state of a complaint as the chain records it: metadata and the content's digest."""
    return {
        "complaint_id": complaint.id,
        "category": complaint.category.value,
        "status": complaint.status.value,
        "anonymous": complaint.anonymous,
        "filed_by": None if complaint.anonymous else complaint.filed_by,
        "acknowledge_by": complaint.acknowledge_by.astimezone(UTC).isoformat(),
        "respond_by": complaint.respond_by.astimezone(UTC).isoformat(),
        "escalation_reason": (
            complaint.escalation_reason.value if complaint.escalation_reason else None
        ),
        "motion_id": complaint.motion_id,
        "content_sha256": content_digest,
        "by": by,
    }


def recorded_actor(viewer: Viewer, complaint: Complaint) -> str:
    """Who the chain says acted: the operator's user, or a supervisor unless anonymous."""
    if viewer.acts_as_operator or not complaint.anonymous:
        return viewer.user_id
    return SUPERVISORS


def require_sight(viewer: Viewer) -> None:
    if not can_see_complaints(viewer):
        raise NotAuthorised("see or act on complaints", "supervisors and the operator")


def load(uow: UnitOfWork, complaint_id: str, *, lock: bool = False) -> Complaint:
    complaint = uow.complaints.get(complaint_id, lock=lock)
    if complaint is None:
        raise UnknownComplaint(complaint_id)
    return complaint


def file_complaint(
    command: FileComplaint, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ComplaintFiled]:
    """A supervisor files a complaint; refused for anyone else before anything is written."""

    def work() -> list[ComplaintFiled]:
        with uow:
            _, charter = current_charter(uow, parse)
            viewer = viewer_of(charter, command.actor)
            complaint = lifecycle.file_complaint(
                complaint_id=uow.complaints.next_id(),
                category=command.category,
                by=viewer,
                anonymous=command.anonymous,
                rules=charter.complaints,
                now=now,
            )
            content = ComplaintContent(
                command.title.strip(), command.concern.strip(), command.evidence
            )
            sealed = uow.complaints.seal(complaint.id, content)
            data = audit_data(complaint, sealed.digest, recorded_actor(viewer, complaint))
            entry = uow.audit.append("complaint_filed", data, now)
            uow.complaints.add(complaint, sealed, entry.seq)
            queued = enqueue_step_notices(uow, charter, complaint, now)
            uow.commit()
        return [ComplaintFiled(complaint, queued)]

    return attempt(work)


def take_step(
    uow: UnitOfWork,
    parse: CharterParser,
    complaint_id: str,
    actor: str,
    now: datetime,
    kind: str,
    step: Step,
    *,
    notify: bool = True,
) -> tuple[Complaint, tuple[str, ...]]:
    """Apply ``step`` to a locked complaint, record it in the chain, store it and (``notify``)
    queue its notices; one transaction. Returns the complaint and its notices' keys."""

    def work() -> tuple[Complaint, tuple[str, ...]]:
        with uow:
            _, charter = current_charter(uow, parse)
            viewer = viewer_of(charter, actor)
            require_sight(viewer)
            complaint = load(uow, complaint_id, lock=True)
            changed, content = step(complaint, viewer, uow)
            sealed = uow.complaints.seal(changed.id, content) if content is not None else None
            digest = sealed.digest if sealed else uow.complaints.digest(changed.id)
            data = audit_data(changed, digest, recorded_actor(viewer, changed))
            entry = uow.audit.append(kind, data, now)
            uow.complaints.update(changed, complaint.status.value, sealed, entry.seq)
            queued = enqueue_step_notices(uow, charter, changed, now) if notify else ()
            uow.commit()
        return changed, queued

    return attempt(work)


def acknowledge_complaint(
    command: AcknowledgeComplaint, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ComplaintAcknowledged]:
    def step(c: Complaint, v: Viewer, _: UnitOfWork) -> tuple[Complaint, None]:
        return lifecycle.acknowledge(c, by=v, now=now), None

    done, queued = take_step(
        uow, parse, command.complaint_id, command.actor, now, "complaint_acknowledged", step
    )
    return [ComplaintAcknowledged(done, queued)]


def answer_complaint(
    command: AnswerComplaint, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ComplaintAnswered]:
    def step(c: Complaint, v: Viewer, w: UnitOfWork) -> tuple[Complaint, ComplaintContent]:
        require(v, c, ComplaintAction.ANSWER)  # before the content is opened
        content = w.complaints.content(c.id)
        return lifecycle.answer(c, content, by=v, text=command.text.strip(), now=now)

    done, queued = take_step(
        uow, parse, command.complaint_id, command.actor, now, "complaint_answered", step
    )
    return [ComplaintAnswered(done, queued)]


def accept_answer(
    command: AcceptAnswer, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ComplaintClosed]:
    def step(c: Complaint, v: Viewer, _: UnitOfWork) -> tuple[Complaint, None]:
        return lifecycle.accept(c, by=v, now=now), None

    done, queued = take_step(
        uow, parse, command.complaint_id, command.actor, now, "complaint_closed", step
    )
    return [ComplaintClosed(done, queued)]


def reject_answer(
    command: RejectAnswer, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ComplaintEscalated]:
    def step(c: Complaint, v: Viewer, w: UnitOfWork) -> tuple[Complaint, ComplaintContent]:
        require(v, c, ComplaintAction.REJECT)
        content = w.complaints.content(c.id)
        return lifecycle.reject(c, content, by=v, reason=command.reason.strip(), now=now)

    # its flag in the supervisors' channel is the escalation notice (the sweep's, if need be)
    done, _ = take_step(
        uow,
        parse,
        command.complaint_id,
        command.actor,
        now,
        "complaint_escalated",
        step,
        notify=False,
    )
    return [ComplaintEscalated(done)]
