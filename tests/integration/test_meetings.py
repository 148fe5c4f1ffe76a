"""Meetings on both engines: the operator's calendar changes, the agenda freezing at its deadline,
RSVPs, check-in and the recorded quorum (exactly), minutes, and notices claimed once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from bot.bootstrap import Storage
from bot.ics import to_ics
from bot.report import build_report
from governance.charter import MotionKind
from governance.errors import AgendaClosed, NotAuthorised
from governance.meetings.commands import (
    AddMeeting,
    AnswerInvitation,
    CancelMeeting,
    CheckInToMeeting,
    FreezeAgenda,
    MoveMeeting,
    ProposeAgendaItem,
    RecordAttendance,
    RecordMinutes,
)
from governance.meetings.errors import CheckInNotOpen, OccurrenceCancelled, OccurrenceOver
from governance.meetings.occurrences import OccurrenceStatus
from governance.services import queries
from governance.services.meeting_agenda import agenda_of, freeze_agenda, propose_agenda_item
from governance.services.meeting_attendance import (
    answer_invitation,
    attendance_so_far,
    check_in,
    record_attendance,
)
from governance.services.meeting_minutes import minutes, record_minutes
from governance.services.meetings import add_meeting, cancel_meeting, move_meeting, upcoming
from governance.services.vote_reminders import vote_reminder_due
from governance.tally import Choice
from tests.integration.charters import OPERATOR, representative
from tests.integration.helpers import close, open_kind, vote
from tests.integration.meeting_steps import (
    CALENDAR,
    KEY_MAR_1,
    KEY_MAR_22,
    KEY_MAR_29,
    START_MAR_1,
    START_MAR_29,
    audit_kinds,
    meeting_pool,
)

__all__ = ["meeting_pool"]  # the fixture, imported for pytest

EARLY = datetime(2027, 2, 25, 9, 0, tzinfo=UTC)


def test_moved_and_cancelled_occurrences_are_kept_audited_and_exported(meeting_pool: Storage):
    pool = meeting_pool
    cancel_meeting(
        CancelMeeting(OPERATOR, KEY_MAR_22, "holiday"),
        pool.uow(),
        EARLY,
        pool.parse_charter,
        CALENDAR,
    )
    new_start = datetime(2027, 3, 30, 14, 0, tzinfo=UTC)
    (moved,) = move_meeting(
        MoveMeeting(OPERATOR, KEY_MAR_29, new_start),
        pool.uow(),
        EARLY,
        pool.parse_charter,
        CALENDAR,
    )
    assert moved.previous_start == START_MAR_29  # 10:00 CEST, after the spring change
    assert moved.occurrence.key == KEY_MAR_29
    assert moved.occurrence.starts == new_start

    listed = upcoming(pool.reader(), pool.parse_charter, CALENDAR, EARLY, 6)
    by_key = {o.key: o for o in listed}
    assert by_key[KEY_MAR_22].status is OccurrenceStatus.CANCELLED
    assert by_key[KEY_MAR_29].status is OccurrenceStatus.MOVED
    assert by_key["weekly@2027-03-15T10:00"].starts == datetime(2027, 3, 15, 9, tzinfo=UTC)
    assert by_key["weekly@2027-04-05T10:00"].starts == datetime(2027, 4, 5, 8, tzinfo=UTC)
    assert audit_kinds(pool)[-2:] == ["meeting_cancelled", "meeting_moved"]

    with pool.reader() as uow:
        overrides = uow.meetings.overrides()
        charter = queries.charter_in_force(pool.reader(), pool.parse_charter).charter
    ics = to_ics(charter, overrides, stamp=EARLY).decode()
    assert "EXDATE;TZID=Europe/Berlin:20270322T100000" in ics
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20270329T100000" in ics

    with pytest.raises(OccurrenceCancelled):
        cancel_meeting(
            CancelMeeting(OPERATOR, KEY_MAR_22), pool.uow(), EARLY, pool.parse_charter, CALENDAR
        )
    with pytest.raises(NotAuthorised):
        cancel_meeting(
            CancelMeeting(representative("acme"), KEY_MAR_1),
            pool.uow(),
            EARLY,
            pool.parse_charter,
            CALENDAR,
        )


def test_a_one_off_meeting_is_added_and_can_be_cancelled(meeting_pool: Storage):
    pool = meeting_pool
    starts = datetime(2027, 3, 3, 13, 30, tzinfo=UTC)
    command = AddMeeting(OPERATOR, "extraordinary", starts, timedelta(hours=2), "EGM", "C0EGM")
    (added,) = add_meeting(command, pool.uow(), EARLY, pool.parse_charter, CALENDAR)
    assert added.occurrence.key == "extraordinary@2027-03-03T14:30+one-off"
    listed = upcoming(pool.reader(), pool.parse_charter, CALENDAR, EARLY, 3)
    assert [o.key for o in listed][:2] == [KEY_MAR_1, added.occurrence.key]
    cancel_meeting(
        CancelMeeting(OPERATOR, added.occurrence.key),
        pool.uow(),
        EARLY,
        pool.parse_charter,
        CALENDAR,
    )
    listed = upcoming(pool.reader(), pool.parse_charter, CALENDAR, EARLY, 3)
    assert added.occurrence.key not in [o.key for o in listed]
    with pytest.raises(OccurrenceOver):
        add_meeting(
            AddMeeting(OPERATOR, "weekly", EARLY - timedelta(hours=1)),
            pool.uow(),
            EARLY,
            pool.parse_charter,
            CALENDAR,
        )


def test_the_agenda_takes_items_until_its_deadline_then_freezes_once(meeting_pool: Storage):
    pool = meeting_pool
    parse = pool.parse_charter
    closes = START_MAR_1 - timedelta(days=1)
    motion = open_kind(pool, MotionKind.GENERAL, EARLY)
    propose = ProposeAgendaItem(representative("beta"), "  Budget 2028  ", KEY_MAR_1)
    (proposed,) = propose_agenda_item(
        propose, pool.uow(), closes - timedelta(seconds=1), parse, CALENDAR
    )
    assert proposed.item.text == "Budget 2028"
    assert proposed.closes_at == closes
    with pytest.raises(AgendaClosed):
        propose_agenda_item(propose, pool.uow(), closes, parse, CALENDAR)
    with pytest.raises(NotAuthorised):
        propose_agenda_item(
            ProposeAgendaItem("U0STRANGER", "x", KEY_MAR_1), pool.uow(), EARLY, parse, CALENDAR
        )

    assert (
        freeze_agenda(FreezeAgenda(KEY_MAR_1), pool.uow(), closes - timedelta(1), parse, CALENDAR)
        == []
    )
    (frozen,) = freeze_agenda(FreezeAgenda(KEY_MAR_1), pool.uow(), closes, parse, CALENDAR)
    assert freeze_agenda(FreezeAgenda(KEY_MAR_1), pool.uow(), closes, parse, CALENDAR) == []
    agenda = frozen.agenda
    assert agenda.frozen_at == closes
    assert agenda.competition_notice.startswith("Competition-law notice")
    assert [(i.member_id, i.text) for i in agenda.items] == [("beta", "Budget 2028")]
    assert [m.id for m in agenda.open_motions] == [motion.motion_id]
    _, stored = agenda_of(pool.reader(), parse, CALENDAR, KEY_MAR_1)
    assert stored == agenda
    assert audit_kinds(pool)[-1] == "agenda_frozen"


def test_rsvps_forecast_and_the_quorum_recorded_at_the_grace_exactly(meeting_pool: Storage):
    pool = meeting_pool
    parse = pool.parse_charter

    def answer(member: str, attending: bool, n: int = 1):
        command = AnswerInvitation(representative(member, n), KEY_MAR_1, attending)
        return answer_invitation(command, pool.uow(), EARLY, parse, CALENDAR)[0]

    answer("acme", True)
    answer("delta", True)
    answer("beta", False)
    last = answer("delta", False, 2)  # Delta's other representative changes Delta's answer
    assert last.forecast.attending == ("acme",)
    assert last.forecast.attending_weight == Fraction(1, 10)
    assert last.forecast.quorum_weight == Fraction(1, 2)
    assert not last.forecast.met

    def arrive(member: str, at: datetime):
        command = CheckInToMeeting(representative(member), KEY_MAR_1)
        return check_in(command, pool.uow(), at, parse, CALENDAR)[0]

    with pytest.raises(CheckInNotOpen):
        arrive("acme", START_MAR_1 - timedelta(seconds=1))
    assert arrive("gamma", START_MAR_1).first
    assert not arrive("gamma", START_MAR_1 + timedelta(minutes=1)).first
    arrive("beta", START_MAR_1 + timedelta(minutes=9, seconds=59))
    assert arrive("delta", START_MAR_1 + timedelta(minutes=10)).late

    grace = START_MAR_1 + timedelta(minutes=10)
    early = grace - timedelta(seconds=1)
    assert record_attendance(RecordAttendance(KEY_MAR_1), pool.uow(), early, parse, CALENDAR) == []
    (recorded,) = record_attendance(RecordAttendance(KEY_MAR_1), pool.uow(), grace, parse, CALENDAR)
    result = recorded.record.result
    assert result.present == ("beta", "gamma")
    assert result.late == ("delta",)
    assert result.present_weight == Fraction(1, 2)  # 1/5 + 3/10: exactly the quorum, so met
    assert result.quorum_met
    assert record_attendance(RecordAttendance(KEY_MAR_1), pool.uow(), grace, parse, CALENDAR) == []
    _, _, _, stored = attendance_so_far(pool.reader(), parse, CALENDAR, KEY_MAR_1)
    assert stored is not None
    assert stored.result == result
    assert audit_kinds(pool)[-1] == "attendance_recorded"


def test_minutes_link_the_motions_decided_while_the_meeting_sat(meeting_pool: Storage):
    pool = meeting_pool
    parse = pool.parse_charter
    before = open_kind(pool, MotionKind.GENERAL, EARLY)
    during = open_kind(pool, MotionKind.GENERAL, EARLY)
    for member in ("acme", "beta", "gamma", "delta"):
        vote(pool, during.motion_id, member, Choice.YES, START_MAR_1 - timedelta(hours=2))
    close(pool, during.motion_id, START_MAR_1 + timedelta(minutes=20))
    vote(pool, before.motion_id, "acme", Choice.YES, EARLY)
    close(pool, before.motion_id, before.closes_at)  # long after the meeting
    with pytest.raises(NotAuthorised):
        record_minutes(
            RecordMinutes(representative("acme"), KEY_MAR_1, "x"),
            pool.uow(),
            START_MAR_1 + timedelta(hours=2),
            parse,
            CALENDAR,
        )
    (recorded,) = record_minutes(
        RecordMinutes(OPERATOR, KEY_MAR_1, "The budget was adopted."),
        pool.uow(),
        START_MAR_1 + timedelta(hours=2),
        parse,
        CALENDAR,
    )
    assert recorded.record.motions == (during.motion_id,)
    assert minutes(pool.reader()) == [recorded.record]
    assert audit_kinds(pool)[-1] == "minutes_recorded"


def test_vote_reminders_go_to_the_representatives_of_members_yet_to_vote(meeting_pool: Storage):
    pool = meeting_pool
    opened = open_kind(pool, MotionKind.GENERAL, EARLY)
    vote(pool, opened.motion_id, "beta", Choice.NO, EARLY)
    assert vote_reminder_due(pool.reader(), opened.motion_id, EARLY) is None
    due = vote_reminder_due(pool.reader(), opened.motion_id, opened.closes_at - timedelta(hours=3))
    assert due is not None
    assert [r.key for r in due.due] == [f"motion/{opened.motion_id}/vote-reminder/1d"]
    assert set(due.recipients.values()) == {"acme", "gamma", "delta"}
    assert due.recipients[representative("acme", 2)] == "acme"


def test_the_compliance_report_lists_the_meeting_with_its_recorded_quorum(meeting_pool: Storage):
    pool = meeting_pool
    parse = pool.parse_charter
    for member in ("beta", "gamma"):
        command = CheckInToMeeting(representative(member), KEY_MAR_1)
        check_in(command, pool.uow(), START_MAR_1, parse, CALENDAR)
    grace = START_MAR_1 + timedelta(minutes=10)
    record_attendance(RecordAttendance(KEY_MAR_1), pool.uow(), grace, parse, CALENDAR)

    report = build_report(pool.reader(), parse, date(2027, 3, 1), date(2027, 3, 31), grace)

    meetings = next(t for t in report.tables if t.name == "meetings")
    assert meetings.rows == (
        (KEY_MAR_1, grace.isoformat(), "yes", "1/2", "1/2", "2", "beta gamma", "", "none"),
    )
    assert report.notes == ()
