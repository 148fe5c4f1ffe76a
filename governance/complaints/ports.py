"""What the complaint rules need from storage: metadata in the clear, content sealed, claims.

The content of a complaint never reaches the database in plaintext: the repository seals it
(:meth:`ComplaintRepository.seal`) and the service records the sealed blob's digest in the audit
chain before storing the blob with the metadata, so every stored state is bound to an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from governance.complaints.model import Complaint, ComplaintContent
from governance.meetings.agenda import OpenComplaint


@dataclass(frozen=True, repr=False)
class SealedContent:
    """A complaint's content as stored: the opaque sealed blob and its SHA-256 (hex)."""

    digest: str
    blob: bytes

    def __repr__(self) -> str:
        return f"SealedContent(digest={self.digest[:16]}…)"


class ComplaintRepository(Protocol):
    """Complaints' metadata and their sealed content."""

    def next_id(self) -> str:
        """The id the next complaint will get (a lost race surfaces in :meth:`add`)."""
        ...

    def seal(self, complaint_id: str, content: ComplaintContent) -> SealedContent: ...

    def add(self, complaint: Complaint, sealed: SealedContent, audit_seq: int) -> None:
        """Store a new complaint; raises ``ConcurrentWrite`` when its id was taken meanwhile."""
        ...

    def update(
        self,
        complaint: Complaint,
        expected_status: str,
        sealed: SealedContent | None,
        audit_seq: int,
    ) -> None:
        """Store the complaint's new state (and content, when given) if its status is still
        ``expected_status``; raises ``ConcurrentWrite`` otherwise."""
        ...

    def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None:
        """The metadata, checked against the audit entry that recorded it; with ``lock``, the
        row is held until the end of the transaction."""
        ...

    def content(self, complaint_id: str) -> ComplaintContent:
        """Open the sealed content; fails loudly if it was altered."""
        ...

    def digest(self, complaint_id: str) -> str:
        """The SHA-256 of the stored sealed blob."""
        ...

    def all(self) -> list[Complaint]:
        """Every complaint's metadata, oldest first."""
        ...

    def open_for_agenda(self) -> list[OpenComplaint]:
        """Open complaints (escalated ones included) as a meeting agenda lists them: id,
        category and status only, never content."""
        ...
