"""Follow-up actions as the bot records them: created by a carried motion, the minutes or the
operator; marked done by their owner with a note; reminded and flagged overdue by the sweep.

A carried motion's actions are created in the transaction that closes it (:func:`create_follow_ups`,
called from :mod:`governance.services.closing`), so they exist exactly once, whoever closes it and
however often a close is retried after a crash. Every step is an audit entry (``action_created``,
``action_done``) that ``poolgov audit verify`` replays against the table. The operator's form on
the minutes records through :func:`governance.services.minutes_actions.add_to_minutes` (the
minutes' own checks, then :func:`record_action` in the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from governance.actions import (
    Action,
    ActionReminder,
    ActionSource,
    NewAction,
    NotActionOwner,
    UnknownAction,
    actions_for_motion,
    by_owner_and_due,
    mark_done,
    new_action,
    notice_prefix,
    overdue_key,
    owners_of,
    reminders_due,
)
from governance.charter import Charter
from governance.motion import Motion
from governance.notices import dm_key
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, current_charter, require_operator
from governance.services.errors import UnknownMotion


@dataclass(frozen=True)
class ActionCreated:
    action: Action


@dataclass(frozen=True)
class ActionDone:
    action: Action


def _at(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def created_data(action_id: int, new: NewAction, by: str) -> dict[str, Any]:
    """The ``action_created`` entry's data: everything the row holds when it is created."""
    return {
        "action_id": action_id,
        "source": new.source.value,
        "motion_id": new.motion_id,
        "slot": new.slot if new.source is ActionSource.MOTION else None,
        "occurrence_key": new.occurrence_key,
        "template_key": new.template_key,
        "description": new.description,
        "owner": new.owner,
        "due_at": _at(new.due_at),
        "by": by,
    }


def record_action(uow: UnitOfWork, new: NewAction, now: datetime, by: str) -> Action:
    """Record one action in ``uow``'s open transaction (the caller commits)."""
    action_id = uow.actions.next_id()
    entry = uow.audit.append("action_created", created_data(action_id, new, by), now)
    uow.actions.add(action_id, new, now, by, entry.seq)
    return Action(
        id=action_id,
        description=new.description,
        owner=new.owner,
        due_at=new.due_at,
        created_at=now,
        created_by=by,
        source=new.source,
        motion_id=new.motion_id,
        occurrence_key=new.occurrence_key,
        template_key=new.template_key,
    )


def create_follow_ups(
    motion: Motion, uow: UnitOfWork, now: datetime, charter: Charter
) -> list[ActionCreated]:
    """The carried ``motion``'s actions per ``charter.actions``, in the closing transaction; none
    if the motion has actions already (a close retried after it committed never gets here)."""
    if uow.actions.for_motion(motion.id):
        return []
    effective: date | None = getattr(motion.payload, "effective_date", None)
    news = actions_for_motion(
        motion.id, motion.kind, effective, charter.actions, now, charter.pool.timezone
    )
    return [ActionCreated(record_action(uow, new, now, "poolgov")) for new in news]


def follow_up_charter(uow: UnitOfWork, parse: CharterParser) -> Charter:
    """The charter whose ``actions`` apply to a motion closing now (read before its effect)."""
    return current_charter(uow, parse)[1]


def add_action(
    uow: UnitOfWork,
    parse: CharterParser,
    now: datetime,
    actor: str,
    description: str,
    owner: str,
    due: datetime,
    motion_id: str | None = None,
) -> Action:
    """``/action add``: the operator adds an action, optionally for a decision."""

    def work() -> Action:
        with uow:
            _, charter = current_charter(uow, parse)
            require_operator(charter, actor, "add follow-up actions")
            if motion_id is not None and uow.motions.get(motion_id) is None:
                raise UnknownMotion(motion_id)
            new = new_action(description, owner, due, ActionSource.OPERATOR, motion_id=motion_id)
            action = record_action(uow, new, now, actor)
            uow.commit()
            return action

    return attempt(work)


def complete_action(
    uow: UnitOfWork, parse: CharterParser, now: datetime, actor: str, action_id: str, note: str
) -> Action:
    """The owner (or the operator) marks the action done with a note."""

    def work() -> Action:
        with uow:
            _, charter = current_charter(uow, parse)
            action = uow.actions.get(action_id, lock=True)
            if action is None:
                raise UnknownAction(action_id)
            done = mark_done(
                action, actor, note, now, charter.operator.users, charter.supervisors.users
            )
            entry = uow.audit.append(
                "action_done", {"action_id": done.id, "by": actor, "note": done.note}, now
            )
            if not uow.actions.mark_done(done, entry.seq):
                uow.rollback()
                raise NotActionOwner(action.id)  # pragma: no cover - the row lock prevents it
            uow.commit()
            return done

    return attempt(work)


def get_action(uow: UnitOfWork, action_id: str) -> Action:
    with uow:
        action = uow.actions.get(action_id)
    if action is None:
        raise UnknownAction(action_id)
    return action


def open_actions(uow: UnitOfWork) -> list[Action]:
    """Open actions by owner, then due date (a read: pass a reader)."""
    with uow:
        return by_owner_and_due(uow.actions.open())


def actions_of_motion(uow: UnitOfWork, motion_id: str) -> list[Action]:
    with uow:
        return uow.actions.for_motion(motion_id)


def actions_of_occurrence(uow: UnitOfWork, occurrence_key: str) -> list[Action]:
    """The actions a meeting's minutes recorded (for the minutes' export), in id order."""
    with uow:
        return [a for a in uow.actions.all() if a.occurrence_key == occurrence_key]


def all_actions(uow: UnitOfWork) -> list[Action]:
    with uow:
        return uow.actions.all()


def reminders_owed(uow: UnitOfWork, parse: CharterParser, now: datetime) -> list[ActionReminder]:
    """Reminders due now and not yet enqueued for every one of the action's owners (a read: pass
    a reader); a reminder whose DMs were enqueued only in part (a crash between two) is owed
    again, and the DMs already queued are not queued twice."""
    owed: list[ActionReminder] = []
    with uow:
        record = uow.charters.current()
        if record is None:
            return []
        charter = parse(record.text)
        befores = charter.actions.remind_before
        for action in uow.actions.open():
            if now >= action.due_at:
                continue
            keys = uow.outbox.keys(notice_prefix(action.id))
            users = owners_of(action, charter.operator.users, charter.supervisors.users)
            bases = {key.partition("/to/")[0] for key in keys}
            claimed = {b for b in bases if all(dm_key(b, user) in keys for user in users)}
            owed += reminders_due(action, befores, now, claimed)
    return owed


def overdue_unflagged(uow: UnitOfWork, now: datetime) -> list[Action]:
    """Open actions past their due date whose flag in the supervisors' channel was never queued."""
    with uow:
        return [
            a
            for a in uow.actions.open()
            if a.overdue(now) and uow.outbox.get(overdue_key(a.id)) is None
        ]


def overdue_count(actions: list[Action], now: datetime) -> int:
    return sum(1 for a in actions if a.overdue(now))
