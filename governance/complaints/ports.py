"""What the complaint rules need from storage."""

from __future__ import annotations

from typing import Protocol

from governance.meetings.agenda import OpenComplaint


class ComplaintRepository(Protocol):
    """Complaints' metadata, their sealed content and sent reminders."""

    def open_for_agenda(self) -> list[OpenComplaint]:
        """Open complaints (escalated ones included) as a meeting agenda lists them: id,
        category and status only, never content."""
        ...
