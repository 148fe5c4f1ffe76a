"""A supervisory complaint as values: its metadata, and its confidential content kept apart.

``Complaint`` holds only what may be stored in the clear and shown by id and status: category,
status, who filed it, the charter's deadlines and when each step happened. Its text (title,
concern, evidence, responses) is a separate ``ComplaintContent`` that storage seals before it
reaches the database, so nothing that handles a ``Complaint`` can leak what the complaint says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from governance.errors import PayloadInvalid
from governance.texts import N_


class ComplaintCategory(StrEnum):
    """What the concern is about (the ``/complaint`` modal's categories)."""

    LICENSING_PRACTICE = "licensing_practice"
    FEE_CALCULATION = "fee_calculation"
    REVENUE_DISTRIBUTION = "revenue_distribution"
    DISCRIMINATORY_LICENSING = "discriminatory_licensing"  # discriminatory or refused licensing
    INFORMATION_DISCLOSURE = "information_disclosure"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    CONDUCT = "conduct"
    OTHER = "other"


class ComplaintStatus(StrEnum):
    """filed → acknowledged → answered → closed, or escalated from any open status."""

    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"
    ESCALATED = "escalated"


class EscalationReason(StrEnum):
    """Why a complaint was escalated; a code, never free text (free text is content)."""

    ACKNOWLEDGE_DEADLINE_MISSED = "acknowledge_deadline_missed"
    RESPOND_DEADLINE_MISSED = "respond_deadline_missed"
    ANSWER_REJECTED = "answer_rejected"


class Role(StrEnum):
    """Who wrote a response. Never a user id: an anonymous filer stays anonymous in the text."""

    OPERATOR = "operator"
    SUPERVISORS = "supervisors"


def require_aware(name: str, value: datetime) -> None:
    """Instants must carry a zone; a naive one is a bug in the caller, not a refusal."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a time-zone-aware datetime, got {value!r}")


@dataclass(frozen=True)
class Complaint:
    """The metadata of one complaint (``complaints`` in the charter); ``id`` comes from storage."""

    id: str
    category: ComplaintCategory
    status: ComplaintStatus
    filed_at: datetime
    filed_by: str  # the supervisor's user id; hidden from the operator when ``anonymous``
    anonymous: bool
    acknowledge_by: datetime
    respond_by: datetime
    acknowledged_at: datetime | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    escalated_at: datetime | None = None
    escalation_reason: EscalationReason | None = None
    motion_id: str | None = None

    @property
    def is_open(self) -> bool:
        """Still waiting on the operator or the supervisors (not closed, not escalated)."""
        return self.status in OPEN_STATUSES

    @property
    def acknowledged_late(self) -> bool:
        """Acknowledged after ``acknowledge_by`` (allowed until escalated, but on record)."""
        return self.acknowledged_at is not None and self.acknowledged_at > self.acknowledge_by

    @property
    def answered_late(self) -> bool:
        """Answered after ``respond_by`` (allowed until escalated, but on record)."""
        return self.answered_at is not None and self.answered_at > self.respond_by


OPEN_STATUSES = frozenset(
    {ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ANSWERED}
)


def _require_text(field: str, text: str) -> None:
    if not text.strip():
        raise PayloadInvalid(field, "must not be empty")


@dataclass(frozen=True, repr=False)
class Response:
    """One written step in the exchange: the operator's answer, or the supervisors' reasons."""

    by_role: Role
    text: str
    at: datetime

    def __post_init__(self) -> None:
        _require_text("response", self.text)
        require_aware("at", self.at)

    def __repr__(self) -> str:  # the text is confidential: keep it out of logs and tracebacks
        return (
            f"Response(by_role={self.by_role.value!r}, at={self.at.isoformat()!r}, text=<hidden>)"
        )


@dataclass(frozen=True, repr=False)
class ComplaintContent:
    """The confidential text of a complaint. Storage seals it; messages never carry it."""

    title: str
    concern: str
    evidence: tuple[str, ...] = ()  # links, http(s) only
    responses: tuple[Response, ...] = ()

    def __post_init__(self) -> None:
        _require_text("title", self.title)
        _require_text("concern", self.concern)
        for number, link in enumerate(self.evidence, start=1):
            parts = urlsplit(link)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                # the link itself stays out of the message: errors may be logged
                raise PayloadInvalid(
                    "evidence", N_("link {number} is not an http(s) link"), number=number
                )

    def __repr__(self) -> str:  # the text is confidential: keep it out of logs and tracebacks
        return (
            f"ComplaintContent(<hidden>, evidence={len(self.evidence)}, "
            f"responses={len(self.responses)})"
        )

    def with_response(self, response: Response) -> ComplaintContent:
        return replace(self, responses=(*self.responses, response))
