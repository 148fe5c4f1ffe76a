"""Who will come and who came (``meetings[].quorum``, ``check_in_grace``).

Representatives answer the reminders' buttons for their member (the latest answer counts) and
check in once the meeting starts (the first check-in counts). At the start plus the grace, the
recording job counts the present members' weight against the quorum, exactly, writes it once and
appends it to the audit chain.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from governance.charter import Charter
from governance.errors import NotAuthorised
from governance.meetings.attendance import (
    RSVP,
    AttendanceResult,
    CheckIn,
    Forecast,
    check_in_closes_at,
    forecast,
    present,
)
from governance.meetings.commands import AnswerInvitation, CheckInToMeeting, RecordAttendance
from governance.meetings.errors import CheckInNotOpen, OccurrenceCancelled, OccurrenceOver
from governance.meetings.events import AttendanceRecorded, CheckedIn, InvitationAnswered
from governance.meetings.ports import AttendanceRecord, MeetingCalendar
from governance.ports import CharterParser, UnitOfWork
from governance.quantities import format_rational
from governance.services.common import attempt
from governance.services.meetings import Scene, scene, utc_text
from governance.weights import shares


def register_weights(charter: Charter) -> dict[str, Fraction]:
    """Each member's share of the register's weight today."""
    return dict(shares(charter.members, charter.weights))


def _member(uow: UnitOfWork, actor: str, action: str) -> str:
    member_id = uow.register.member_for_user(actor)
    if member_id is None:
        raise NotAuthorised(action, "members' representatives")
    return member_id


def _forecast(uow: UnitOfWork, found: Scene) -> Forecast:
    weights = register_weights(found.charter)
    rsvps = [r for r in uow.meetings.rsvps(found.occurrence.key) if r.member_id in weights]
    return forecast(rsvps, weights, found.meeting.quorum)


def answer_invitation(
    command: AnswerInvitation,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[InvitationAnswered]:
    def work() -> list[InvitationAnswered]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            member_id = _member(uow, command.actor, "answer for a member")
            occurrence = found.occurrence
            if occurrence.cancelled:
                raise OccurrenceCancelled(occurrence.key)
            if now >= occurrence.ends:
                raise OccurrenceOver(occurrence.key, "answer the invitation", occurrence.starts)
            rsvp = RSVP(member_id, command.attending, now, command.actor)
            uow.meetings.add_rsvp(occurrence.key, rsvp)
            outlook = _forecast(uow, found)
            uow.commit()
            return [InvitationAnswered(occurrence.key, member_id, command.attending, outlook)]

    return attempt(work)


def check_in(
    command: CheckInToMeeting,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[CheckedIn]:
    """Check a member in between the start and the end; after the grace it is minuted as late."""

    def work() -> list[CheckedIn]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            held = proxied_members(uow, found.charter, command.actor, now)
            own = uow.register.member_for_user(command.actor)
            if own is None and not held:
                raise NotAuthorised("check in for a member", "members' representatives")
            occurrence = found.occurrence
            if occurrence.cancelled:
                raise OccurrenceCancelled(occurrence.key)
            if not occurrence.starts <= now < occurrence.ends:
                raise CheckInNotOpen(occurrence.key, occurrence.starts, occurrence.ends)
            late = now >= check_in_closes_at(occurrence.starts, found.meeting.check_in_grace)
            done: list[CheckedIn] = []
            for member_id in [own] if own is not None else []:
                first = uow.meetings.add_check_in(
                    occurrence.key, CheckIn(member_id, now, command.actor)
                )
                done.append(CheckedIn(occurrence.key, member_id, first, late))
            for member_id in held:
                first = uow.meetings.add_check_in(
                    occurrence.key, CheckIn(member_id, now, command.actor)
                )
                done.append(CheckedIn(occurrence.key, member_id, first, late, by_proxy=True))
            uow.commit()
            return done

    return attempt(work)


def proxied_members(uow: UnitOfWork, charter: Charter, actor: str, now: datetime) -> list[str]:
    """The members ``actor`` checks in by proxy (``proxies.meetings``): dated proxies in force."""
    rules = charter.proxies
    if not (rules.allowed and rules.meetings):
        return []
    members = {m.id for m in charter.members}
    held = uow.proxies.held_by(actor)
    return sorted({p.member_id for p in held if p.covers_meetings(now) and p.member_id in members})


def attendance_so_far(
    uow: UnitOfWork, parse: CharterParser, calendar: MeetingCalendar, key: str
) -> tuple[Scene, Forecast, AttendanceResult, AttendanceRecord | None]:
    """The forecast, the check-ins counted so far, and the recorded quorum if any."""
    with uow:
        found = scene(uow, parse, calendar, key)
        weights = register_weights(found.charter)
        closes = check_in_closes_at(found.occurrence.starts, found.meeting.check_in_grace)
        check_ins = [c for c in uow.meetings.check_ins(key) if c.member_id in weights]
        so_far = present(check_ins, weights, found.meeting.quorum, closes)
        return found, _forecast(uow, found), so_far, uow.meetings.attendance(key)


def record_attendance(
    command: RecordAttendance,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[AttendanceRecorded]:
    """At ``start + check_in_grace``: record the quorum once; ``[]`` if not due or done."""

    def work() -> list[AttendanceRecorded]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            occurrence = found.occurrence
            closes = check_in_closes_at(occurrence.starts, found.meeting.check_in_grace)
            if occurrence.cancelled or now < closes:
                return []
            if uow.meetings.attendance(occurrence.key) is not None:
                return []
            weights = register_weights(found.charter)
            check_ins = [
                c for c in uow.meetings.check_ins(occurrence.key) if c.member_id in weights
            ]
            result = present(check_ins, weights, found.meeting.quorum, closes)
            entry = uow.audit.append(
                "attendance_recorded",
                {
                    "occurrence_key": occurrence.key,
                    "starts": utc_text(occurrence.starts),
                    "check_in_closed_at": utc_text(closes),
                    "present": list(result.present),
                    "late": list(result.late),
                    "present_weight": format_rational(result.present_weight),
                    "quorum": format_rational(found.meeting.quorum),
                    "quorum_weight": format_rational(result.quorum_weight),
                    "quorum_met": result.quorum_met,
                },
                now,
            )
            record = AttendanceRecord(occurrence.key, now, result, entry.seq, entry.entry_hash)
            if not uow.meetings.record_attendance(record):
                uow.rollback()
                return []
            uow.commit()
            return [AttendanceRecorded(occurrence, record)]

    return attempt(work)
