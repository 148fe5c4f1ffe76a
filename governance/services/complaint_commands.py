"""Commands and events of the complaint services, and their refusals.

Commands carry the confidential text the person typed (``title``, ``concern``, ``text``); their
``repr`` hides it, so a command in a log line or a traceback leaks nothing. Events carry only the
complaint's metadata (:class:`~governance.complaints.Complaint`): messages are built from events,
and a message may say no more than the id, category, status and deadlines.

::

    GovernanceError
    └── ComplaintError
        └── UnknownComplaint       no complaint has this id
"""

from __future__ import annotations

from dataclasses import dataclass, field

from governance.complaints import Complaint, ComplaintCategory
from governance.errors import ComplaintError, Facts
from governance.texts import N_


class UnknownComplaint(ComplaintError):
    def refusal(self) -> tuple[str, Facts]:
        return N_("There is no complaint {complaint}."), {"complaint": self.complaint_id}


@dataclass(frozen=True)
class FileComplaint:
    """A supervisor files a complaint against the operator."""

    actor: str
    category: ComplaintCategory
    title: str = field(repr=False)
    concern: str = field(repr=False)
    evidence: tuple[str, ...] = field(default=(), repr=False)
    anonymous: bool = False


@dataclass(frozen=True)
class AcknowledgeComplaint:
    complaint_id: str
    actor: str


@dataclass(frozen=True)
class AnswerComplaint:
    complaint_id: str
    actor: str
    text: str = field(repr=False)


@dataclass(frozen=True)
class AcceptAnswer:
    complaint_id: str
    actor: str


@dataclass(frozen=True)
class RejectAnswer:
    complaint_id: str
    actor: str
    reason: str = field(repr=False)


@dataclass(frozen=True)
class ComplaintToMotion:
    """A supervisor puts an escalated complaint before the members as a general motion.

    ``title`` and ``text`` are the motion's public words, written for the members; the complaint's
    confidential content is never copied into them.
    """

    complaint_id: str
    actor: str
    title: str
    text: str
    channel: str | None = None  # where the motion is posted (see OpenMotion.channel)


@dataclass(frozen=True)
class ComplaintFiled:
    complaint: Complaint
    #: the outbox keys of its notices, enqueued with it (the listener sends them at once)
    notices: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ComplaintAcknowledged:
    complaint: Complaint
    #: the outbox keys of its notices, enqueued with it (the listener sends them at once)
    notices: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ComplaintAnswered:
    complaint: Complaint
    #: the outbox keys of its notices, enqueued with it (the listener sends them at once)
    notices: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ComplaintClosed:
    complaint: Complaint
    #: the outbox keys of its notices, enqueued with it (the listener sends them at once)
    notices: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ComplaintEscalated:
    """Escalated by the supervisors' rejection or a missed deadline (see ``escalation_reason``)."""

    complaint: Complaint


@dataclass(frozen=True)
class ComplaintMotionOpened:
    complaint: Complaint
    motion_id: str
    notices: tuple[str, ...] = field(default=(), compare=False)


ComplaintEvent = (
    ComplaintFiled
    | ComplaintAcknowledged
    | ComplaintAnswered
    | ComplaintClosed
    | ComplaintEscalated
    | ComplaintMotionOpened
)
