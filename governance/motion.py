"""The life of a motion as a pure state machine.

``open`` → ``carried`` / ``failed`` / ``no_quorum`` at close, or ``withdrawn`` by the operator
before close. A motion's voting period runs from when its post first reached the members
(``shown_at``): before that it takes no ballots and does not close, and it may be withdrawn at any
time. Ballots are taken only while open, shown, and before the deadline; a changed vote supersedes
the earlier one when ``allow_change``; an early close needs every member of the electorate to have
voted. Every function takes ``now``; none reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from governance.charter import MotionKind, MotionRules
from governance.electorate import Electorate
from governance.errors import (
    MotionNotOpen,
    MotionNotShown,
    NotInElectorate,
    TooEarlyToClose,
    VoteChangeNotAllowed,
    VotingClosed,
)
from governance.kinds import Payload
from governance.tally import Choice, Outcome, Tally, count


class MotionState(StrEnum):
    OPEN = "open"
    CARRIED = "carried"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"
    WITHDRAWN = "withdrawn"


class BallotEffect(StrEnum):
    """What a valid ballot does to the record."""

    RECORDED = "recorded"  # the member's first ballot
    CHANGED = "changed"  # supersedes an earlier, different ballot
    UNCHANGED = "unchanged"  # the same choice again: nothing new to write


class CloseReason(StrEnum):
    DEADLINE = "deadline"
    ALL_VOTED = "all_voted"


@dataclass(frozen=True)
class Motion:
    """A motion with its frozen electorate and rules; ``id`` is assigned by storage."""

    id: str
    kind: MotionKind
    title: str
    text: str
    payload: Payload
    rules: MotionRules
    electorate: Electorate
    charter_version: int
    opened_at: datetime
    closes_at: datetime
    state: MotionState = MotionState.OPEN
    closed_at: datetime | None = None
    #: when its post first reached the channel; ``None`` while members cannot see it
    shown_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state is MotionState.OPEN

    @property
    def is_shown(self) -> bool:
        return self.shown_at is not None

    @property
    def voting_period(self) -> timedelta:
        """The period chosen at opening: before it is shown, ``closes_at - opened_at``."""
        start = self.shown_at if self.shown_at is not None else self.opened_at
        return self.closes_at - start

    def show(self, now: datetime) -> Motion:
        """Its post reached the members at ``now``: the voting period starts now."""
        self._require_open()
        if self.shown_at is not None:
            return self
        return replace(self, shown_at=now, closes_at=now + self.voting_period)

    def _require_open(self) -> None:
        if not self.is_open:
            raise MotionNotOpen(self.id, self.state.value)

    def check_ballot(
        self, member_id: str, choice: Choice, previous: Choice | None, now: datetime
    ) -> BallotEffect:
        """Whether ``member_id`` may vote ``choice`` now, and what the ballot would do."""
        self._require_open()
        if self.shown_at is None:
            raise MotionNotShown(self.id)
        if now >= self.closes_at:
            raise VotingClosed(self.id, self.closes_at)
        if member_id not in self.electorate:
            raise NotInElectorate(self.id, member_id, recused=member_id in self.electorate.recused)
        if previous is None:
            return BallotEffect.RECORDED
        if previous == choice:
            return BallotEffect.UNCHANGED
        if not self.rules.allow_change:
            raise VoteChangeNotAllowed(self.id, member_id, previous.value)
        return BallotEffect.CHANGED

    def close_reason(self, ballots: Mapping[str, Choice], now: datetime) -> CloseReason | None:
        """Why the motion may close now, or ``None`` while it must stay open."""
        if not self.is_open or self.shown_at is None:
            return None
        if now >= self.closes_at:
            return CloseReason.DEADLINE
        if all(member in ballots for member in self.electorate.members):
            return CloseReason.ALL_VOTED
        return None

    def close(self, ballots: Mapping[str, Choice], now: datetime) -> tuple[Motion, Tally]:
        """Count and close: at or after the deadline, or early once everyone has voted."""
        self._require_open()
        if self.shown_at is None:
            raise MotionNotShown(self.id)
        if self.close_reason(ballots, now) is None:
            not_voted = sum(1 for m in self.electorate.members if m not in ballots)
            raise TooEarlyToClose(self.id, self.closes_at, not_voted)
        tally = count(self.electorate, ballots, self.rules, self.id)
        state = {
            Outcome.CARRIED: MotionState.CARRIED,
            Outcome.FAILED: MotionState.FAILED,
            Outcome.NO_QUORUM: MotionState.NO_QUORUM,
        }[tally.outcome]
        return replace(self, state=state, closed_at=now), tally

    def withdraw(self, now: datetime) -> Motion:
        """The operator takes the motion back before it closes; nothing is counted.

        Once the deadline has passed the result is settled even if the closing job has not run
        yet, so a withdrawal then would let the operator erase a vote already taken. A motion never
        shown has had no vote, and may be withdrawn whenever.
        """
        self._require_open()
        if self.shown_at is not None and now >= self.closes_at:
            raise VotingClosed(self.id, self.closes_at)
        return replace(self, state=MotionState.WITHDRAWN, closed_at=now)
