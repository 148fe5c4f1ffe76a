"""What the meeting rules need from storage."""

from __future__ import annotations

from typing import Protocol


class MeetingRepository(Protocol):
    """Overrides, agenda items, RSVPs, check-ins, minutes and sent reminders."""
