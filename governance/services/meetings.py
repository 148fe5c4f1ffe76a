"""The operator's calendar changes (``/meeting add``, ``move``, ``cancel``) and what every meeting
service shares: finding an occurrence by key and the rules it runs under.

Each change is audited in its own transaction and announced by the bot from the returned event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from governance.charter import Charter, Meeting
from governance.meetings.commands import AddMeeting, CancelMeeting, MoveMeeting
from governance.meetings.errors import (
    MeetingAlreadyScheduled,
    MeetingInputMissing,
    OccurrenceCancelled,
    OccurrenceOver,
    OneOffNotMovable,
    UnknownOccurrence,
)
from governance.meetings.events import MeetingAdded, MeetingCancelled, MeetingMoved
from governance.meetings.occurrences import (
    Cancelled,
    Moved,
    Occurrence,
    OccurrenceStatus,
    OneOff,
    Override,
    one_off_key,
    require_aware,
)
from governance.meetings.ports import MeetingCalendar
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, charter_rules, current_charter, require_operator


@dataclass(frozen=True)
class Scene:
    """An occurrence with what its rules need: the charter in force, overrides, the meeting."""

    charter: Charter
    overrides: list[Override]
    occurrence: Occurrence
    meeting: Meeting


def meeting_rules(charter: Charter, occurrence: Occurrence) -> Meeting:
    """The charter meeting an occurrence belongs to; a one-off under a new id gets the charter's
    defaults (quorum 1/2, agenda closes 2d before, check-in grace 15m, no reminders)."""
    found = next((m for m in charter.meetings if m.id == occurrence.meeting_id), None)
    if found is not None:
        return found
    return Meeting(
        id=occurrence.meeting_id,
        title=occurrence.title,
        rrule="",
        starts=occurrence.starts,
        duration=occurrence.ends - occurrence.starts,
        channel=occurrence.channel,
    )


def scene(uow: UnitOfWork, parse: CharterParser, calendar: MeetingCalendar, key: str) -> Scene:
    """The occurrence ``key`` as it now stands (moved, cancelled or not), or UnknownOccurrence."""
    _, charter = current_charter(uow, parse)
    overrides = uow.meetings.overrides()
    occurrence = calendar.find(charter, key, overrides)
    if occurrence is None:
        raise UnknownOccurrence(key)
    return Scene(charter, overrides, occurrence, meeting_rules(charter, occurrence))


def utc_text(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def add_meeting(
    command: AddMeeting,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[MeetingAdded]:
    """A one-off meeting; refused if it would start in the past."""
    require_aware("starts", command.starts)

    def work() -> list[MeetingAdded]:
        with uow:
            _, charter = current_charter(uow, parse)
            require_operator(charter, command.actor, "add a meeting")
            base = next((m for m in charter.meetings if m.id == command.meeting_id), None)
            duration = command.duration or (base.duration if base else None)
            channel = command.channel or (base.channel if base else None)
            if duration is None or not channel:
                raise MeetingInputMissing(command.meeting_id)
            if command.starts <= now:
                raise OccurrenceOver(command.meeting_id, "add it", command.starts)
            title = command.title or (base.title if base else command.meeting_id)
            one_off = OneOff(command.meeting_id, title, command.starts, duration, channel)
            occurrence = calendar.find(charter, _one_off_key(charter, one_off), [one_off])
            if occurrence is None:  # pragma: no cover - the calendar lists what it was given
                raise UnknownOccurrence(command.meeting_id)
            if calendar.find(charter, occurrence.key, uow.meetings.overrides()) is not None:
                raise MeetingAlreadyScheduled(occurrence.key)
            entry = uow.audit.append(
                "meeting_added",
                {
                    "occurrence_key": occurrence.key,
                    "meeting_id": one_off.meeting_id,
                    "title": title,
                    "starts": utc_text(one_off.starts),
                    "duration_seconds": int(duration.total_seconds()),
                    "channel": channel,
                    "by": command.actor,
                },
                now,
            )
            uow.meetings.add_override(one_off, command.actor, now, "", entry.seq)
            uow.commit()
            return [MeetingAdded(occurrence, command.actor)]

    return attempt(work)


def _one_off_key(charter: Charter, one_off: OneOff) -> str:
    return one_off_key(one_off.meeting_id, one_off.starts.astimezone(charter.pool.timezone))


def move_meeting(
    command: MoveMeeting,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[MeetingMoved]:
    """Move one recurring occurrence (its key, RSVPs and agenda stay with it)."""
    require_aware("new_start", command.new_start)

    def work() -> list[MeetingMoved]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            require_operator(found.charter, command.actor, "move a meeting")
            occurrence = _changeable(found.occurrence, now, "move it")
            if occurrence.status is OccurrenceStatus.ONE_OFF:
                raise OneOffNotMovable(occurrence.key)
            if command.new_start <= now:
                raise OccurrenceOver(occurrence.key, "move it there", command.new_start)
            move = Moved(occurrence.meeting_id, occurrence.original_start, command.new_start)
            entry = uow.audit.append(
                "meeting_moved",
                {
                    "occurrence_key": occurrence.key,
                    "from": utc_text(occurrence.starts),
                    "to": utc_text(command.new_start),
                    "reason": command.reason,
                    "by": command.actor,
                },
                now,
            )
            uow.meetings.add_override(move, command.actor, now, command.reason, entry.seq)
            moved = calendar.find(found.charter, occurrence.key, [*found.overrides, move])
            uow.commit()
            if moved is None:  # pragma: no cover - the key survives a move by design
                raise UnknownOccurrence(occurrence.key)
            return [MeetingMoved(moved, occurrence.starts, command.actor, command.reason)]

    return attempt(work)


def cancel_meeting(
    command: CancelMeeting,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[MeetingCancelled]:
    """Cancel one occurrence: no reminders, agenda or check-in follow."""

    def work() -> list[MeetingCancelled]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            require_operator(found.charter, command.actor, "cancel a meeting")
            occurrence = _changeable(found.occurrence, now, "cancel it")
            entry = uow.audit.append(
                "meeting_cancelled",
                {
                    "occurrence_key": occurrence.key,
                    "starts": utc_text(occurrence.starts),
                    "reason": command.reason,
                    "by": command.actor,
                },
                now,
            )
            if occurrence.status is OccurrenceStatus.ONE_OFF:
                uow.meetings.withdraw_one_off(occurrence.meeting_id, occurrence.starts, now)
            else:
                cancel = Cancelled(occurrence.meeting_id, occurrence.original_start)
                uow.meetings.add_override(cancel, command.actor, now, command.reason, entry.seq)
            uow.commit()
            gone = replace(occurrence, status=OccurrenceStatus.CANCELLED)
            return [MeetingCancelled(gone, command.actor, command.reason)]

    return attempt(work)


def _changeable(occurrence: Occurrence, now: datetime, action: str) -> Occurrence:
    if occurrence.cancelled:
        raise OccurrenceCancelled(occurrence.key)
    if occurrence.starts <= now:
        raise OccurrenceOver(occurrence.key, action, occurrence.starts)
    return occurrence


def upcoming(
    uow: UnitOfWork,
    parse: CharterParser,
    calendar: MeetingCalendar,
    now: datetime,
    limit: int = 10,
) -> list[Occurrence]:
    """``/meeting next``: the next occurrences, cancelled ones included so people see it."""
    with uow:
        _, charter = current_charter(uow, parse)
        return calendar.upcoming(charter, now, uow.meetings.overrides(), limit)


def window(
    uow: UnitOfWork,
    parse: CharterParser,
    calendar: MeetingCalendar,
    start: datetime,
    end: Callable[[Charter], datetime],
) -> tuple[Charter, Sequence[Occurrence]]:
    """The charter in force and the occurrences starting in ``[start, end(charter))`` (for the
    sweep, every minute). Only the charter's rules are read: its members are as the charter
    text lists them, not the register, which the meetings' calendar and rules never read. At a
    large register, reading it would be the sweep's largest cost, in time and in memory: the
    peak of a read of 10,000 members stays with the server as free pages it cannot return."""
    with uow:
        _, charter = charter_rules(uow, parse)
        return charter, calendar.between(charter, start, end(charter), uow.meetings.overrides())
