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

from governance.errors import Facts, MeetingError, _Reasoned
from governance.texts import N_


class UnknownOccurrence(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def refusal(self) -> tuple[str, Facts]:
        return N_("No meeting is scheduled as `{meeting}`; `/meeting next` lists the meetings."), {
            "meeting": self.key
        }


class OccurrenceCancelled(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def refusal(self) -> tuple[str, Facts]:
        return N_("The meeting `{meeting}` was cancelled."), {"meeting": self.key}


class OccurrenceOver(MeetingError):
    words = ("action",)

    def __init__(self, key: str, action: str, since: datetime) -> None:
        super().__init__(key, action, since)
        self.key = key
        self.action = action
        self.since = since

    def refusal(self) -> tuple[str, Facts]:
        return N_("The meeting `{meeting}` started at {since}; it is too late to {action}."), {
            "meeting": self.key,
            "since": self.since.isoformat(),
            "action": self.action,
        }


class CheckInNotOpen(MeetingError):
    def __init__(self, key: str, opens: datetime, closes: datetime) -> None:
        super().__init__(key, opens, closes)
        self.key = key
        self.opens = opens
        self.closes = closes

    def refusal(self) -> tuple[str, Facts]:
        return N_("Check-in for `{meeting}` is open from {opens} to {closes} only."), {
            "meeting": self.key,
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
        }


class MeetingNotHeldYet(MeetingError):
    def __init__(self, key: str, starts: datetime) -> None:
        super().__init__(key, starts)
        self.key = key
        self.starts = starts

    def refusal(self) -> tuple[str, Facts]:
        return N_("The meeting `{meeting}` starts at {starts}; minutes come after."), {
            "meeting": self.key,
            "starts": self.starts.isoformat(),
        }


class NoOpenAgenda(MeetingError):
    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "No upcoming meeting takes agenda items now (each agenda closes before its meeting); "
            "`/meeting next` lists the meetings."
        ), {}


class MeetingInputMissing(MeetingError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.meeting_id = meeting_id

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "{meeting} is not a meeting in the charter, so give the new meeting's "
            "duration (and hold the command in its channel)."
        ), {"meeting": repr(self.meeting_id)}


class MeetingAlreadyScheduled(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def refusal(self) -> tuple[str, Facts]:
        return N_("The meeting `{meeting}` is already on the calendar."), {"meeting": self.key}


class OneOffNotMovable(MeetingError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def refusal(self) -> tuple[str, Facts]:
        return N_("`{meeting}` is a one-off: cancel it and add it again at the new time."), {
            "meeting": self.key
        }


class MinutesInvalid(MeetingError, _Reasoned):
    def __init__(self, key: str, reason: str, **facts: str | int) -> None:
        self.key = key
        super().__init__(key, self._reason(reason, facts))

    def refusal(self) -> tuple[str, Facts]:
        return N_("The minutes of `{meeting}` cannot be recorded: {reason}."), {
            "meeting": self.key,
            "reason": self.reason,
        }
