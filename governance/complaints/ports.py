"""What the complaint rules need from storage."""

from __future__ import annotations

from typing import Protocol


class ComplaintRepository(Protocol):
    """Complaints' metadata, their sealed content and sent reminders."""
