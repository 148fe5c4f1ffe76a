"""Complaint notices, enqueued in the transaction of the complaint step that makes them due.

Each step on a complaint owes the supervisors' channel a notice, and a filing owes each of the
operator's users a DM. They go into the outbox with no content, under a key that names the
complaint and the step: ``complaint/<id>/<status>`` (the status the step reached),
``complaint/<id>/<status>/motion`` (put to a motion), and a DM under ``<key>/to/<user>``. They
are rendered when sent, from the complaint's metadata and the step the key names, so a process
that dies after the commit loses none: the sweep sends whatever the listener did not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from governance.charter import Charter
from governance.complaints import Complaint, ComplaintStatus
from governance.notices import dm_key
from governance.ports import UnitOfWork

PREFIX = "complaint/"
MOTION = "motion"
_DM = "/to/"


def notice_prefix(complaint_id: str) -> str:
    return f"{PREFIX}{complaint_id}/"


def escalation_notice_key(complaint_id: str) -> str:
    return f"{PREFIX}{complaint_id}/escalation-notice"


def step_notice_key(complaint: Complaint, *, motion: bool = False) -> str:
    """The notice of the step that left ``complaint`` as it is (``motion``: put to a motion)."""
    key = f"{notice_prefix(complaint.id)}{complaint.status.value}"
    return f"{key}/{MOTION}" if motion else key


@dataclass(frozen=True)
class StepNotice:
    """What a step notice's key names: the complaint, the status its step reached, whether the
    step put it to a motion, and the user a DM goes to."""

    complaint_id: str
    status: ComplaintStatus
    motion: bool = False
    user: str | None = None

    def as_of_step(self, complaint: Complaint) -> Complaint:
        """The complaint's metadata as the step left it (it may have moved on since)."""
        motion_id = complaint.motion_id if self.motion else None
        return replace(complaint, status=self.status, motion_id=motion_id)


def step_notice_of(key: str) -> StepNotice | None:
    """The step notice ``key`` names, or ``None`` for any other notice (reminders, flags)."""
    if not key.startswith(PREFIX):
        return None
    step, _, user = key.removeprefix(PREFIX).partition(_DM)
    parts = step.split("/")
    if len(parts) not in (2, 3) or not parts[0] or (len(parts) == 3 and parts[2] != MOTION):
        return None
    try:
        status = ComplaintStatus(parts[1])
    except ValueError:
        return None
    return StepNotice(parts[0], status, motion=len(parts) == 3, user=user or None)


def enqueue_step_notices(
    uow: UnitOfWork, charter: Charter, complaint: Complaint, now: datetime, *, motion: bool = False
) -> tuple[str, ...]:
    """Queue the notices of the step that left ``complaint`` as it is, in the step's unit of
    work: the supervisors' channel (if the charter names one) and, for a filing, a DM to each of
    the operator's users. Returns their keys, for the listener to send at once."""
    key = step_notice_key(complaint, motion=motion)
    queued: list[str] = []
    channel = charter.supervisors.channel
    if channel:
        uow.outbox.enqueue(key, channel, now)
        queued.append(key)
    if complaint.status is ComplaintStatus.FILED and not motion:
        for user in charter.operator.users:
            uow.outbox.enqueue(dm_key(key, user), user, now)  # the app's DM with the user
            queued.append(dm_key(key, user))
    return tuple(queued)


def complaint_for_notice(uow: UnitOfWork, notice: StepNotice) -> Complaint | None:
    """The complaint as the notice's step left it, or ``None`` if there is no such complaint."""
    with uow:
        complaint = uow.complaints.get(notice.complaint_id)
    return notice.as_of_step(complaint) if complaint is not None else None
