"""What people may see of complaints, decided by the access rules before anything is read.

Reads open their own unit of work and write nothing. The content is opened only for a viewer
``can_read_content`` allows, and the filer is returned only where ``can_see_filer`` allows: an
anonymous complaint's filer never reaches the operator from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.complaints import (
    Complaint,
    ComplaintAction,
    ComplaintContent,
    ComplaintStatus,
    Viewer,
    can_act,
    can_read_content,
    can_see_filer,
    viewer_of,
)
from governance.errors import NotAuthorised
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import current_charter
from governance.services.complaints import load, require_sight


@dataclass(frozen=True)
class ComplaintView:
    """One complaint as ``viewer`` may see it, with the steps they may take now."""

    complaint: Complaint
    content: ComplaintContent
    viewer: Viewer
    filer: str | None  # None when the viewer may not know who filed it
    actions: tuple[ComplaintAction, ...]


def viewer(uow: UnitOfWork, parse: CharterParser, user_id: str) -> Viewer:
    with uow:
        _, charter = current_charter(uow, parse)
    return viewer_of(charter, user_id)


def complaint_view(
    uow: UnitOfWork, parse: CharterParser, complaint_id: str, user_id: str
) -> ComplaintView:
    with uow:
        _, charter = current_charter(uow, parse)
        who = viewer_of(charter, user_id)
        require_sight(who)
        complaint = load(uow, complaint_id)
        if not can_read_content(who, complaint):
            raise NotAuthorised("read a complaint", "supervisors and the operator")
        content = uow.complaints.content(complaint_id)
    return ComplaintView(
        complaint=complaint,
        content=content,
        viewer=who,
        filer=complaint.filed_by if can_see_filer(who, complaint) else None,
        actions=tuple(a for a in ComplaintAction if can_act(who, complaint, a)),
    )


def complaints_for(
    uow: UnitOfWork, parse: CharterParser, user_id: str, *, open_only: bool = False
) -> list[Complaint]:
    """The complaints ``user_id`` may know about (metadata only), newest first."""
    with uow:
        _, charter = current_charter(uow, parse)
        require_sight(viewer_of(charter, user_id))
        found = uow.complaints.all()
    if open_only:
        found = [c for c in found if c.status is not ComplaintStatus.CLOSED]
    return list(reversed(found))


def all_complaints(uow: UnitOfWork) -> list[Complaint]:
    """Every complaint's metadata, for reports (counts and deadlines, never content)."""
    with uow:
        return uow.complaints.all()
