"""Tables for meetings: overrides, agenda items, RSVPs, check-ins and minutes.

Occurrences are not rows: the charter's ``rrule`` gives them, and rows hold only what people and
jobs did to them, keyed by the occurrence key (``general-assembly@2027-01-05T10:00``), which never
changes when an occurrence moves. The notices posted about them live in the outbox
(:mod:`storage.tables_outbox`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import HASH, MEMBER_ID, RATIONAL, USER_ID, Base
from storage.types import UtcDateTime

OCCURRENCE_KEY = String(160)


class MeetingOverrideRow(Base):
    """The operator's change to the calendar: a move, a cancellation or a one-off meeting."""

    __tablename__ = "meeting_overrides"
    __table_args__ = (
        CheckConstraint("kind IN ('moved', 'cancelled', 'one_off')", name="kind"),
        Index(None, "meeting_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    meeting_id: Mapped[str] = mapped_column(String(64))
    original_start: Mapped[datetime | None] = mapped_column(UtcDateTime())
    new_start: Mapped[datetime | None] = mapped_column(UtcDateTime())
    title: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(64))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(USER_ID)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    audit_seq: Mapped[int] = mapped_column(Integer)


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, index=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    text: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    by_user: Mapped[str] = mapped_column(USER_ID)


class FrozenAgendaRow(Base):
    """The agenda as frozen at its deadline: canonical JSON, the record of what was put forward."""

    __tablename__ = "frozen_agendas"
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, primary_key=True)
    frozen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    body: Mapped[str] = mapped_column(Text)
    audit_seq: Mapped[int] = mapped_column(Integer)


class RsvpRow(Base):
    """Append-only: a member's latest answer counts."""

    __tablename__ = "meeting_rsvps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, index=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    attending: Mapped[bool]
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    by_user: Mapped[str] = mapped_column(USER_ID)


class CheckInRow(Base):
    """A member present; its first check-in is the one that counts."""

    __tablename__ = "meeting_check_ins"
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, primary_key=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    by_user: Mapped[str] = mapped_column(USER_ID)


class AttendanceRow(Base):
    """The quorum as recorded when the check-in closed; written once."""

    __tablename__ = "meeting_attendance"
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    present: Mapped[str] = mapped_column(Text)
    late: Mapped[str] = mapped_column(Text)
    present_weight: Mapped[str] = mapped_column(RATIONAL)
    quorum_weight: Mapped[str] = mapped_column(RATIONAL)
    quorum_met: Mapped[bool]
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(HASH)


class MinutesRow(Base):
    """Minutes of one occurrence; a correction is a new row, the earlier one is kept."""

    __tablename__ = "meeting_minutes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_key: Mapped[str] = mapped_column(OCCURRENCE_KEY, index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts: Mapped[datetime] = mapped_column(UtcDateTime())
    text: Mapped[str] = mapped_column(Text)
    motions: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(USER_ID)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(HASH)
