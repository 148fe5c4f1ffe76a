"""Minutes: the operator records them once the meeting has started; they are audited, and list the
motions decided while the meeting sat (closed between its start and its end)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from governance.meetings.commands import RecordMinutes
from governance.meetings.errors import MeetingNotHeldYet, MinutesInvalid, OccurrenceCancelled
from governance.meetings.events import MinutesRecorded
from governance.meetings.ports import MeetingCalendar, MinutesRecord
from governance.minutes.lifecycle import MinutesLocked, MinutesState
from governance.motion import MotionState
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, require_operator
from governance.services.meetings import scene, utc_text
from governance.texts import N_

MAX_MINUTES_LENGTH = 2900  # characters: a Slack section holds 3000
RECENT_MOTIONS = 500


def decided_in(uow: UnitOfWork, starts: datetime, ends: datetime) -> tuple[str, ...]:
    """Ids of the motions closed (carried, failed, no quorum) while the meeting sat."""
    decided = [
        s.motion
        for s in uow.motions.recent(RECENT_MOTIONS)
        if s.motion.state not in (MotionState.OPEN, MotionState.WITHDRAWN)
        and s.motion.closed_at is not None
        and starts <= s.motion.closed_at <= ends
    ]
    return tuple(m.id for m in sorted(decided, key=lambda m: (m.closed_at, int(m.id))))


def _refuse_if_locked(uow: UnitOfWork, key: str) -> None:
    """Approved minutes are locked (:mod:`governance.minutes.lifecycle`): never re-recorded."""
    reviews = getattr(uow, "minutes_reviews", None)
    review = reviews.get(key) if reviews is not None else None
    if review is not None and review.state in (MinutesState.APPROVED, MinutesState.LOCKED):
        raise MinutesLocked(key)


def record_minutes(
    command: RecordMinutes,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[MinutesRecorded]:
    """A new version of the minutes; an earlier version stays in the record."""
    text = command.text.strip()

    def work() -> list[MinutesRecorded]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            require_operator(found.charter, command.actor, "record minutes")
            occurrence = found.occurrence
            if occurrence.cancelled:
                raise OccurrenceCancelled(occurrence.key)
            if now < occurrence.starts:
                raise MeetingNotHeldYet(occurrence.key, occurrence.starts)
            if not text or len(text) > MAX_MINUTES_LENGTH:
                raise MinutesInvalid(
                    occurrence.key,
                    N_("minutes need between 1 and {limit} characters"),
                    limit=MAX_MINUTES_LENGTH,
                )
            _refuse_if_locked(uow, occurrence.key)
            motions = decided_in(uow, occurrence.starts, occurrence.ends)
            entry = uow.audit.append(
                "minutes_recorded",
                {
                    "occurrence_key": occurrence.key,
                    "starts": utc_text(occurrence.starts),
                    "text": text,
                    "motions": list(motions),
                    "by": command.actor,
                },
                now,
            )
            record = MinutesRecord(
                occurrence_key=occurrence.key,
                title=occurrence.title,
                starts=occurrence.starts,
                text=text,
                motions=motions,
                recorded_by=command.actor,
                recorded_at=now,
                audit_seq=entry.seq,
                audit_hash=entry.entry_hash,
            )
            record_id = uow.meetings.add_minutes(record)
            uow.commit()
            return [MinutesRecorded(occurrence, replace(record, id=record_id))]

    return attempt(work)


def minutes(uow: UnitOfWork, limit: int = 10) -> list[MinutesRecord]:
    """``/meeting minutes``: the latest minutes first."""
    with uow:
        return uow.meetings.minutes(limit)
