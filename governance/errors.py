"""Every refusal the pool's rules can give, as one tree.

::

    GovernanceError
    ├── CharterError                 a charter breaks a rule (problems carry key paths)
    ├── UnknownMember                a member id not in the register
    ├── PayloadInvalid               a motion's payload (or a text) does not fit
    ├── PoolNotInitialised ¹         no charter recorded yet: run ``poolgov init``
    ├── PoolAlreadyInitialised ¹     ``poolgov init`` ran on this database before
    ├── NotAReceipt ¹                the text is not a receipt code
    ├── UnknownReceipt ¹             no ballot of the asker's member has this receipt
    ├── MotionError
    │   ├── MotionNotOpen            closed or withdrawn
    │   ├── VotingClosed             the deadline has passed
    │   ├── NotInElectorate          not a member of the electorate (unknown or recused)
    │   ├── VoteChangeNotAllowed     the charter forbids changing a cast vote
    │   ├── TooEarlyToClose          the deadline is ahead and not everyone has voted
    │   ├── MotionNotShown           its post has not reached the channel: no voting period yet
    │   └── UnknownMotion ¹          no motion has this id
    ├── ComplaintError
    │   ├── ComplaintWrongStatus     the step does not fit the complaint's status
    │   ├── ComplaintAlreadyMotion   the escalated complaint already became a motion
    │   └── UnknownComplaint ²       no complaint has this id
    ├── AnonymityNotAllowed          the charter does not allow anonymous complaints
    ├── MeetingError
    │   ├── UnknownMeeting           no meeting in the charter has this id
    │   ├── NotAnOccurrence          the meeting does not take place at that time
    │   ├── AgendaClosed             the agenda closed ``agenda_closes`` before the start
    │   ├── AgendaItemInvalid        an agenda item is empty or too long
    │   ├── UnknownOccurrence ³      no occurrence has this key
    │   ├── OccurrenceCancelled ³    the occurrence was cancelled
    │   ├── OccurrenceOver ³         the occurrence has started or ended
    │   ├── CheckInNotOpen ³         check-in opens at the start and closes at the end
    │   ├── MeetingNotHeldYet ³      minutes wait until the meeting has started
    │   ├── NoOpenAgenda ³           no upcoming meeting takes agenda items now
    │   ├── MeetingInputMissing ³    a meeting change lacks a field it needs
    │   ├── MeetingAlreadyScheduled ³  a one-off at a time already taken
    │   ├── OneOffNotMovable ³       a one-off is replaced, not moved
    │   └── MinutesInvalid ³         minutes are empty or too long
    └── NotAuthorised                the actor does not hold the role the action needs

¹ defined in ``governance/services/errors.py``, ² in ``governance/services/complaint_commands.py``,
³ in ``governance/meetings/errors.py``: next to the services that raise them.

Each error keeps its facts as attributes and reads as a sentence to the person refused.
Expected outcomes (a motion that fails, a quorum not met) are results, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


class GovernanceError(Exception):
    """Base of every rule the pool refuses to break."""

    def __reduce__(self) -> tuple[Any, ...]:
        # A refusal may cross into another process (ballots are recorded in one of their own):
        # it is rebuilt from its state, whatever its constructor asks for.
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(
    kind: type[GovernanceError], args: tuple[Any, ...], state: dict[str, Any]
) -> GovernanceError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a charter, at a key path such as ``weights.cap``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CharterError(GovernanceError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)


class UnknownMember(GovernanceError):
    def __init__(self, member_id: str) -> None:
        super().__init__(member_id)
        self.member_id = member_id

    def __str__(self) -> str:
        return f"{self.member_id!r} is not a member of the pool."


class PayloadInvalid(GovernanceError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class MotionError(GovernanceError):
    def __init__(self, motion_id: str) -> None:
        super().__init__(motion_id)
        self.motion_id = motion_id


class MotionNotOpen(MotionError):
    def __init__(self, motion_id: str, state: str) -> None:
        super().__init__(motion_id)
        self.state = state

    def __str__(self) -> str:
        return f"Motion {self.motion_id} is {self.state}; it no longer takes votes or changes."


class VotingClosed(MotionError):
    def __init__(self, motion_id: str, closes_at: datetime) -> None:
        super().__init__(motion_id)
        self.closes_at = closes_at

    def __str__(self) -> str:
        return f"Voting on motion {self.motion_id} closed at {self.closes_at.isoformat()}."


class NotInElectorate(MotionError):
    def __init__(self, motion_id: str, member_id: str, recused: bool) -> None:
        super().__init__(motion_id)
        self.member_id = member_id
        self.recused = recused

    def __str__(self) -> str:
        if self.recused:
            return (
                f"{self.member_id} is recused from motion {self.motion_id} "
                "because the motion concerns it."
            )
        return f"{self.member_id} is not in the electorate of motion {self.motion_id}."


class VoteChangeNotAllowed(MotionError):
    def __init__(self, motion_id: str, member_id: str, recorded: str) -> None:
        super().__init__(motion_id)
        self.member_id = member_id
        self.recorded = recorded

    def __str__(self) -> str:
        return (
            f"{self.member_id} already voted {self.recorded} on motion {self.motion_id}, "
            "and the charter does not allow changing a vote."
        )


class TooEarlyToClose(MotionError):
    def __init__(self, motion_id: str, closes_at: datetime, not_voted: int) -> None:
        super().__init__(motion_id)
        self.closes_at = closes_at
        self.not_voted = not_voted

    def __str__(self) -> str:
        return (
            f"Motion {self.motion_id} closes at {self.closes_at.isoformat()}; "
            f"{self.not_voted} member(s) have not voted yet."
        )


class MotionNotShown(MotionError):
    """The motion is recorded but its post has not reached the members' channel yet."""

    def __str__(self) -> str:
        return (
            f"Motion {self.motion_id} is recorded but not yet shown to the members, so its "
            "voting period has not started; it takes votes once its post is in the channel."
        )


class NotAuthorised(GovernanceError):
    def __init__(self, action: str, role: str) -> None:
        super().__init__(action, role)
        self.action = action
        self.role = role

    def __str__(self) -> str:
        return f"Only the {self.role} may {self.action}."


class ComplaintError(GovernanceError):
    def __init__(self, complaint_id: str) -> None:
        super().__init__(complaint_id)
        self.complaint_id = complaint_id


class ComplaintWrongStatus(ComplaintError):
    def __init__(
        self, complaint_id: str, status: str, action: str, allowed: tuple[str, ...]
    ) -> None:
        super().__init__(complaint_id)
        self.status = status
        self.action = action
        self.allowed = allowed

    def __str__(self) -> str:
        return (
            f"Complaint {self.complaint_id} is {self.status}; "
            f"it can be {self.action} only while {' or '.join(self.allowed)}."
        )


class ComplaintAlreadyMotion(ComplaintError):
    def __init__(self, complaint_id: str, motion_id: str) -> None:
        super().__init__(complaint_id)
        self.motion_id = motion_id

    def __str__(self) -> str:
        return f"Complaint {self.complaint_id} already became motion {self.motion_id}."


class AnonymityNotAllowed(GovernanceError):
    def __str__(self) -> str:
        return (
            "The charter does not allow anonymous complaints (complaints.anonymous is false); "
            "file it under your name."
        )


class MeetingError(GovernanceError):
    """Base of the refusals about meetings, their occurrences and agendas."""


class UnknownMeeting(MeetingError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.meeting_id = meeting_id

    def __str__(self) -> str:
        return f"There is no meeting {self.meeting_id!r} in the charter."


class NotAnOccurrence(MeetingError):
    def __init__(self, meeting_id: str, start: datetime) -> None:
        super().__init__(meeting_id, start)
        self.meeting_id = meeting_id
        self.start = start

    def __str__(self) -> str:
        return f"The {self.meeting_id} meeting does not take place at {self.start.isoformat()}."


class AgendaClosed(MeetingError):
    def __init__(self, occurrence_key: str, closes_at: datetime) -> None:
        super().__init__(occurrence_key, closes_at)
        self.occurrence_key = occurrence_key
        self.closes_at = closes_at

    def __str__(self) -> str:
        return (
            f"The agenda of {self.occurrence_key} closed at {self.closes_at.isoformat()}; "
            "raise the item under any other business or at the next meeting."
        )


class AgendaItemInvalid(MeetingError):
    def __init__(self, occurrence_key: str, reason: str) -> None:
        super().__init__(occurrence_key, reason)
        self.occurrence_key = occurrence_key
        self.reason = reason

    def __str__(self) -> str:
        return f"That agenda item cannot be added: {self.reason}."
