"""Meetings in SQL: implements :class:`governance.meetings.ports.MeetingRepository`.

Every write that must happen once (a check-in, a frozen agenda, the recorded quorum) is
``INSERT … ON CONFLICT DO NOTHING`` on a key, so the database settles who was first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from governance.meetings.agenda import Agenda, AgendaItem, OpenAction, OpenComplaint, OpenMotion
from governance.meetings.attendance import RSVP, AttendanceResult, CheckIn
from governance.meetings.occurrences import Cancelled, Moved, OneOff, Override
from governance.meetings.ports import AttendanceRecord, MinutesRecord
from governance.quantities import format_rational
from storage.codec import dumps, loads
from storage.dialect import affected, insert_if_absent
from storage.tables_meetings import (
    AgendaItemRow,
    AttendanceRow,
    CheckInRow,
    FrozenAgendaRow,
    MeetingOverrideRow,
    MinutesRow,
    RsvpRow,
)


def _required(value: datetime | None) -> datetime:
    if value is None:
        raise ValueError("an override row lacks its instant")
    return value


def _override(row: MeetingOverrideRow) -> Override:
    if row.kind == "moved":
        return Moved(row.meeting_id, _required(row.original_start), _required(row.new_start))
    if row.kind == "cancelled":
        return Cancelled(row.meeting_id, _required(row.original_start))
    return OneOff(
        row.meeting_id,
        row.title or row.meeting_id,
        _required(row.new_start),
        timedelta(seconds=row.duration_seconds or 0),
        row.channel or "",
    )


def agenda_to_dict(agenda: Agenda) -> dict[str, Any]:
    def at(value: datetime) -> str:
        return value.astimezone(UTC).isoformat()

    return {
        "occurrence_key": agenda.occurrence_key,
        "competition_notice": agenda.competition_notice,
        "items": [
            {"member_id": i.member_id, "text": i.text, "at": at(i.proposed_at), "by": i.by_user}
            for i in agenda.items
        ],
        "open_motions": [
            {"id": m.id, "kind": m.kind, "title": m.title, "closes_at": at(m.closes_at)}
            for m in agenda.open_motions
        ],
        "open_complaints": [
            {"id": c.id, "category": c.category, "status": c.status} for c in agenda.open_complaints
        ],
        "frozen_at": at(agenda.frozen_at) if agenda.frozen_at else None,
        "open_actions": [
            {
                "id": a.id,
                "description": a.description,
                "owner": a.owner,
                "due_at": at(a.due_at),
                "motion_id": a.motion_id,
                "template_key": a.template_key,
            }
            for a in agenda.open_actions
        ],
    }


def agenda_from_dict(data: dict[str, Any]) -> Agenda:
    when = datetime.fromisoformat
    return Agenda(
        occurrence_key=data["occurrence_key"],
        competition_notice=data["competition_notice"],
        items=tuple(
            AgendaItem(i["member_id"], i["text"], when(i["at"]), i["by"]) for i in data["items"]
        ),
        open_motions=tuple(
            OpenMotion(m["id"], m["kind"], m["title"], when(m["closes_at"]))
            for m in data["open_motions"]
        ),
        open_complaints=tuple(
            OpenComplaint(c["id"], c["category"], c["status"]) for c in data["open_complaints"]
        ),
        frozen_at=when(data["frozen_at"]) if data["frozen_at"] else None,
        open_actions=tuple(
            OpenAction(
                a["id"],
                a["description"],
                a["owner"],
                when(a["due_at"]),
                a.get("motion_id"),
                a.get("template_key"),
            )
            for a in data.get("open_actions", [])
        ),
    )


def _attendance(row: AttendanceRow) -> AttendanceRecord:
    result = AttendanceResult(
        present=tuple(json.loads(row.present)),
        present_weight=Fraction(row.present_weight),
        quorum_weight=Fraction(row.quorum_weight),
        quorum_met=row.quorum_met,
        late=tuple(json.loads(row.late)),
    )
    return AttendanceRecord(
        row.occurrence_key, row.recorded_at, result, row.audit_seq, row.audit_hash
    )


class SqlMeetingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- the calendar ----------------------------------------------------------------------

    def overrides(self) -> list[Override]:
        rows = self._session.scalars(
            select(MeetingOverrideRow)
            .where(MeetingOverrideRow.withdrawn_at.is_(None))
            .order_by(MeetingOverrideRow.id)
        )
        return [_override(row) for row in rows]

    def add_override(
        self, override: Override, by: str, now: datetime, reason: str, seq: int
    ) -> None:
        row = MeetingOverrideRow(
            meeting_id=override.meeting_id,
            reason=reason,
            recorded_by=by,
            recorded_at=now,
            audit_seq=seq,
        )
        if isinstance(override, Moved):
            row.kind, row.original_start, row.new_start = (
                "moved",
                override.original_start,
                override.new_start,
            )
        elif isinstance(override, Cancelled):
            row.kind, row.original_start = "cancelled", override.original_start
        else:
            row.kind, row.new_start, row.title = "one_off", override.starts, override.title
            row.channel = override.channel
            row.duration_seconds = int(override.duration.total_seconds())
        self._session.add(row)
        self._session.flush()

    def withdraw_one_off(self, meeting_id: str, starts: datetime, now: datetime) -> bool:
        result = self._session.execute(
            update(MeetingOverrideRow)
            .where(
                MeetingOverrideRow.kind == "one_off",
                MeetingOverrideRow.meeting_id == meeting_id,
                MeetingOverrideRow.new_start == starts,
                MeetingOverrideRow.withdrawn_at.is_(None),
            )
            .values(withdrawn_at=now)
            .returning(MeetingOverrideRow.id)
        )
        return affected(result) > 0

    # -- the agenda ------------------------------------------------------------------------

    def agenda_items(self, occurrence_key: str) -> list[AgendaItem]:
        rows = self._session.scalars(
            select(AgendaItemRow)
            .where(AgendaItemRow.occurrence_key == occurrence_key)
            .order_by(AgendaItemRow.proposed_at, AgendaItemRow.id)
        )
        return [AgendaItem(r.member_id, r.text, r.proposed_at, r.by_user) for r in rows]

    def add_agenda_item(self, occurrence_key: str, item: AgendaItem) -> None:
        self._session.add(
            AgendaItemRow(
                occurrence_key=occurrence_key,
                member_id=item.member_id,
                text=item.text,
                proposed_at=item.proposed_at,
                by_user=item.by_user,
            )
        )
        self._session.flush()

    def frozen_agenda(self, occurrence_key: str) -> Agenda | None:
        row = self._session.get(FrozenAgendaRow, occurrence_key)
        return agenda_from_dict(loads(row.body)) if row is not None else None

    def freeze_agenda(self, agenda: Agenda, audit_seq: int) -> bool:
        if agenda.frozen_at is None:
            raise ValueError("only a frozen agenda is kept")
        values = {
            "occurrence_key": agenda.occurrence_key,
            "frozen_at": agenda.frozen_at,
            "body": dumps(agenda_to_dict(agenda)),
            "audit_seq": audit_seq,
        }
        return insert_if_absent(self._session, FrozenAgendaRow, values, ["occurrence_key"])

    # -- attendance ------------------------------------------------------------------------

    def rsvps(self, occurrence_key: str) -> list[RSVP]:
        rows = self._session.scalars(
            select(RsvpRow).where(RsvpRow.occurrence_key == occurrence_key).order_by(RsvpRow.id)
        )
        return [RSVP(r.member_id, r.attending, r.at, r.by_user) for r in rows]

    def add_rsvp(self, occurrence_key: str, rsvp: RSVP) -> None:
        self._session.add(
            RsvpRow(
                occurrence_key=occurrence_key,
                member_id=rsvp.member_id,
                attending=rsvp.attending,
                at=rsvp.at,
                by_user=rsvp.by_user,
            )
        )
        self._session.flush()

    def check_ins(self, occurrence_key: str) -> list[CheckIn]:
        rows = self._session.scalars(
            select(CheckInRow)
            .where(CheckInRow.occurrence_key == occurrence_key)
            .order_by(CheckInRow.at, CheckInRow.member_id)
        )
        return [CheckIn(r.member_id, r.at, r.by_user) for r in rows]

    def add_check_in(self, occurrence_key: str, check_in: CheckIn) -> bool:
        values = {
            "occurrence_key": occurrence_key,
            "member_id": check_in.member_id,
            "at": check_in.at,
            "by_user": check_in.by_user,
        }
        return insert_if_absent(self._session, CheckInRow, values, ["occurrence_key", "member_id"])

    def attendance(self, occurrence_key: str) -> AttendanceRecord | None:
        row = self._session.get(AttendanceRow, occurrence_key)
        return _attendance(row) if row is not None else None

    def attendances(self) -> list[AttendanceRecord]:
        rows = self._session.scalars(select(AttendanceRow).order_by(AttendanceRow.recorded_at))
        return [_attendance(row) for row in rows]

    def record_attendance(self, record: AttendanceRecord) -> bool:
        result = record.result
        values = {
            "occurrence_key": record.occurrence_key,
            "recorded_at": record.recorded_at,
            "present": json.dumps(list(result.present)),
            "late": json.dumps(list(result.late)),
            "present_weight": format_rational(result.present_weight),
            "quorum_weight": format_rational(result.quorum_weight),
            "quorum_met": result.quorum_met,
            "audit_seq": record.audit_seq,
            "audit_hash": record.audit_hash,
        }
        return insert_if_absent(self._session, AttendanceRow, values, ["occurrence_key"])

    # -- minutes ---------------------------------------------------------------------------

    def minutes(self, limit: int, occurrence_key: str | None = None) -> list[MinutesRecord]:
        query = select(MinutesRow).order_by(MinutesRow.id.desc()).limit(limit)
        if occurrence_key is not None:
            query = query.where(MinutesRow.occurrence_key == occurrence_key)
        return [
            MinutesRecord(
                occurrence_key=r.occurrence_key,
                title=r.title,
                starts=r.starts,
                text=r.text,
                motions=tuple(json.loads(r.motions)),
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
                audit_seq=r.audit_seq,
                audit_hash=r.audit_hash,
                id=r.id,
            )
            for r in self._session.scalars(query)
        ]

    def add_minutes(self, record: MinutesRecord) -> int:
        row = MinutesRow(
            occurrence_key=record.occurrence_key,
            title=record.title,
            starts=record.starts,
            text=record.text,
            motions=json.dumps(list(record.motions)),
            recorded_by=record.recorded_by,
            recorded_at=record.recorded_at,
            audit_seq=record.audit_seq,
            audit_hash=record.audit_hash,
        )
        self._session.add(row)
        self._session.flush()
        return row.id
