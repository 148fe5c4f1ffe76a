"""Refusals about one meeting occurrence, under :class:`~governance.errors.MeetingError`::

MeetingError
├── UnknownOccurrence            no occurrence has this key (or it was cancelled as a one-off)
├── OccurrenceCancelled          the occurrence was cancelled
├── OccurrenceOver               the occurrence has started or ended; it takes no such change
├── CheckInNotOpen               check-in opens at the start and closes at the end
├── MeetingNotHeldYet            minutes wait until the meeting has started
└── NoOpenAgenda                 no upcoming meeting takes agenda items now
"""

from __future__ import annotations

from datetime import datetime

from governance.errors import MeetingError


class UnknownOccurrence(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"No meeting is scheduled as `{self.key}`; `/meeting next` lists the meetings."


class OccurrenceCancelled(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"The meeting `{self.key}` was cancelled."


class OccurrenceOver(MeetingError):
    def __init__(self, key: str, action: str, since: datetime) -> None:
        super().__init__(key, action, since)
        self.key = key
        self.action = action
        self.since = since

    def __str__(self) -> str:
        return (
            f"The meeting `{self.key}` started at {self.since.isoformat()}; "
            f"it is too late to {self.action}."
        )


class CheckInNotOpen(MeetingError):
    def __init__(self, key: str, opens: datetime, closes: datetime) -> None:
        super().__init__(key, opens, closes)
        self.key = key
        self.opens = opens
        self.closes = closes

    def __str__(self) -> str:
        return (
            f"Check-in for `{self.key}` is open from {self.opens.isoformat()} "
            f"to {self.closes.isoformat()} only."
        )


class MeetingNotHeldYet(MeetingError):
    def __init__(self, key: str, starts: datetime) -> None:
        super().__init__(key, starts)
        self.key = key
        self.starts = starts

    def __str__(self) -> str:
        return f"The meeting `{self.key}` starts at {self.starts.isoformat()}; minutes come after."


class NoOpenAgenda(MeetingError):
    def __str__(self) -> str:
        return (
            "No upcoming meeting takes agenda items now (each agenda closes before its meeting); "
            "`/meeting next` lists the meetings."
        )


class MeetingInputMissing(MeetingError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.meeting_id = meeting_id

    def __str__(self) -> str:
        return (
            f"{self.meeting_id!r} is not a meeting in the charter, so give the new meeting's "
            "duration (and hold the command in its channel)."
        )


class MeetingAlreadyScheduled(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"The meeting `{self.key}` is already on the calendar."


class OneOffNotMovable(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"`{self.key}` is a one-off: cancel it and add it again at the new time."


class MinutesInvalid(MeetingError):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(key, reason)
        self.key = key
        self.reason = reason

    def __str__(self) -> str:
        return f"The minutes of `{self.key}` cannot be recorded: {self.reason}."
