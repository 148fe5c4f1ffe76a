"""Follow-up actions: what a carried motion (or the minutes, or the operator) leaves to be done.

The ``actions`` charter section says, per motion kind, which actions a carried motion creates:
each with a description, an owner (``operator``, ``supervisors`` or one Slack user id) and a due
date that is a duration after the motion's close, or after (or ``before``) its effective date.
With no section, :data:`DEFAULT_TEMPLATES` apply. An action is ``open`` until its owner marks it
``done`` with a note; reminders go to the owner ``remind_before`` its due date, and an open action
past its due date is overdue. Everything here is pure: the services store and announce it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from governance.action_rules import (
    OPERATOR,
    ROLES,
    SUPERVISORS,
    ActionRules,
    ActionTemplate,
    Anchor,
)
from governance.charter import MotionKind
from governance.errors import Facts, GovernanceError
from governance.texts import N_

__all__ = ["OPERATOR", "ROLES", "SUPERVISORS", "ActionRules", "ActionTemplate", "Anchor"]

MAX_DESCRIPTION = 500  # characters
MAX_NOTE = 1000


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class ActionSource(StrEnum):
    MOTION = "motion"  # created by a carried motion, from the charter
    MINUTES = "minutes"  # added from a meeting's minutes
    OPERATOR = "operator"  # added by the operator with ``/action add``


@dataclass(frozen=True)
class NewAction:
    """An action about to be recorded; ``slot`` orders a motion's actions (one per template)."""

    description: str
    owner: str
    due_at: datetime
    source: ActionSource
    motion_id: str | None = None
    occurrence_key: str | None = None
    template_key: str | None = None
    slot: int = 0


@dataclass(frozen=True)
class Action:
    id: int
    description: str
    owner: str
    due_at: datetime
    created_at: datetime
    created_by: str
    source: ActionSource
    motion_id: str | None = None
    occurrence_key: str | None = None
    template_key: str | None = None
    status: ActionStatus = ActionStatus.OPEN
    done_at: datetime | None = None
    done_by: str | None = None
    note: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status is ActionStatus.OPEN

    def overdue(self, now: datetime) -> bool:
        return self.is_open and now >= self.due_at


@dataclass(frozen=True)
class ActionReminder:
    """A reminder owed to an action's owner ``before`` its due date; ``key`` claims it once."""

    action_id: int
    before: timedelta
    due_at: datetime
    key: str


class ActionError(GovernanceError):
    """A refusal about a follow-up action."""


class UnknownAction(ActionError):
    def __init__(self, action_id: str) -> None:
        super().__init__(action_id)
        self.action_id = action_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("No follow-up action has the id {id}; `/pool actions` lists them."), {
            "id": quoted(self.action_id)
        }


class ActionAlreadyDone(ActionError):
    def __init__(self, action_id: int) -> None:
        super().__init__(action_id)
        self.action_id = action_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("Action {id} is already done."), {"id": self.action_id}


class NotActionOwner(ActionError):
    def __init__(self, action_id: int) -> None:
        super().__init__(action_id)
        self.action_id = action_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("Only the owner of action {id} or the operator may mark it done."), {
            "id": self.action_id
        }


class ActionInvalid(ActionError):
    """``field``: ``description``, ``note``, ``owner`` or ``motion``; ``code``: ``empty``,
    ``too_long``, ``owner`` or ``motion``; ``problem`` is the English wording of what is wrong."""

    def __init__(self, field_name: str, problem: str, code: str = "empty") -> None:
        super().__init__(field_name, problem, code)
        self.field = field_name
        self.problem = problem
        self.code = code

    def refusal(self) -> tuple[str, Facts]:
        if self.code == "motion":
            return N_("The motion is not one these minutes list as decided in the meeting."), {}
        if self.code == "owner":
            return N_("The owner must be operator, supervisors or @someone."), {}
        if self.field == "note":
            if self.code == "too_long":
                return N_("The note is longer than {n} characters."), {"n": MAX_NOTE}
            return N_("The note is empty: say what was done."), {}
        if self.code == "too_long":
            return N_("The description is longer than {n} characters."), {"n": MAX_DESCRIPTION}
        return N_("The description is empty: say what is to be done."), {}


def quoted(typed: str, most: int = 40) -> str:
    """A bit of what someone typed, on one line, in a code span (never pages of it)."""
    one_line = " ".join(typed.split()).replace("`", "'")
    return f"`{one_line if len(one_line) <= most else one_line[: most - 1] + '…'}`"


def anchor_instant(day: date, zone: ZoneInfo) -> datetime:
    """The start of ``day`` in the pool's zone, as a UTC instant."""
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def due_at(
    template: ActionTemplate, closed_at: datetime, effective: date | None, zone: ZoneInfo
) -> datetime:
    """When ``template``'s action is due; a motion with no effective date counts from its close."""
    if template.relative_to is Anchor.EFFECTIVE_DATE and effective is not None:
        anchor = anchor_instant(effective, zone)
    else:
        anchor = closed_at.astimezone(UTC)
    return anchor - template.due if template.before else anchor + template.due


def actions_for_motion(
    motion_id: str,
    kind: MotionKind,
    effective: date | None,
    rules: ActionRules,
    closed_at: datetime,
    zone: ZoneInfo,
) -> list[NewAction]:
    """The actions a carried motion of ``kind`` creates, one per template, in charter order."""
    return [
        NewAction(
            description=template.description,
            owner=template.owner,
            due_at=due_at(template, closed_at, effective, zone),
            source=ActionSource.MOTION,
            motion_id=motion_id,
            template_key=template.key,
            slot=slot,
        )
        for slot, template in enumerate(rules.for_kind(kind))
    ]


def check_owner(owner: str) -> str:
    owner = owner.strip()
    if owner in ROLES or (owner[:1] in ("U", "W") and owner[1:].isalnum() and len(owner) > 2):
        return owner
    raise ActionInvalid(
        "owner", "must be operator, supervisors or a Slack user id such as U0123", "owner"
    )


def new_action(
    description: str,
    owner: str,
    due: datetime,
    source: ActionSource,
    *,
    motion_id: str | None = None,
    occurrence_key: str | None = None,
) -> NewAction:
    """An action added by hand (the operator, or the minutes), its fields checked."""
    text = description.strip()
    if not text:
        raise ActionInvalid("description", "is empty")
    if len(text) > MAX_DESCRIPTION:
        raise ActionInvalid(
            "description", f"is longer than {MAX_DESCRIPTION} characters", "too_long"
        )
    if due.tzinfo is None:
        raise ValueError("due must be an aware instant")
    return NewAction(
        text, check_owner(owner), due.astimezone(UTC), source, motion_id, occurrence_key
    )


def owners_of(
    action: Action, operator: Collection[str], supervisors: Collection[str]
) -> tuple[str, ...]:
    """The Slack users who own ``action``: the role's users, or the one user named."""
    if action.owner == OPERATOR:
        return tuple(operator)
    if action.owner == SUPERVISORS:
        return tuple(supervisors)
    return (action.owner,)


def mark_done(
    action: Action,
    by_user: str,
    note: str,
    now: datetime,
    operator: Collection[str],
    supervisors: Collection[str],
) -> Action:
    """``action`` done by ``by_user`` with ``note``: the owner's users, or the operator's."""
    if not action.is_open:
        raise ActionAlreadyDone(action.id)
    if by_user not in owners_of(action, operator, supervisors) and by_user not in operator:
        raise NotActionOwner(action.id)
    text = note.strip()
    if not text:
        raise ActionInvalid("note", "is empty: say what was done")
    if len(text) > MAX_NOTE:
        raise ActionInvalid("note", f"is longer than {MAX_NOTE} characters", "too_long")
    return replace(action, status=ActionStatus.DONE, done_at=now, done_by=by_user, note=text)


def notice_prefix(action_id: int) -> str:
    return f"action/{action_id}/"


def reminder_key(action_id: int, before: timedelta) -> str:
    return f"{notice_prefix(action_id)}remind/{int(before.total_seconds())}"


def overdue_key(action_id: int) -> str:
    return f"{notice_prefix(action_id)}overdue"


def reminders_due(
    action: Action, befores: Iterable[timedelta], now: datetime, claimed: Collection[str]
) -> list[ActionReminder]:
    """The reminders owed now and never claimed: only the latest one due (a sweep after a long
    pause sends one reminder, not every one it missed), none once the action is overdue."""
    if not action.is_open or now >= action.due_at:
        return []
    due = [b for b in set(befores) if now >= action.due_at - b]
    if not due:
        return []
    latest = min(due)
    key = reminder_key(action.id, latest)
    return [] if key in claimed else [ActionReminder(action.id, latest, action.due_at, key)]


def by_owner_and_due(actions: Iterable[Action]) -> list[Action]:
    """Open actions in the order they are listed: by owner, then due date, then id."""
    return sorted((a for a in actions if a.is_open), key=lambda a: (a.owner, a.due_at, a.id))
