"""Every refusal the pool's rules can give, as one tree.

::

    GovernanceError
    ├── CharterError                 a charter breaks a rule (problems carry key paths)
    ├── UnknownMember                a member id not in the register
    ├── PayloadInvalid               a motion's payload does not fit its kind
    ├── MotionError
    │   ├── MotionNotOpen            closed or withdrawn
    │   ├── VotingClosed             the deadline has passed
    │   ├── NotInElectorate          not a member of the electorate (unknown or recused)
    │   ├── VoteChangeNotAllowed     the charter forbids changing a cast vote
    │   └── TooEarlyToClose          the deadline is ahead and not everyone has voted
    └── NotAuthorised                the actor does not hold the role the action needs

Each error keeps its facts as attributes and reads as a sentence to the person refused.
Expected outcomes (a motion that fails, a quorum not met) are results, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class GovernanceError(Exception):
    """Base of every rule the pool refuses to break."""


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


class NotAuthorised(GovernanceError):
    def __init__(self, action: str, role: str) -> None:
        super().__init__(action, role)
        self.action = action
        self.role = role

    def __str__(self) -> str:
        return f"Only the {self.role} may {self.action}."
