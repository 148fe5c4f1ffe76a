"""Tables for meetings: overrides, agenda items, frozen agendas, RSVPs, check-ins, attendance,
minutes, and the notices the scheduler has claimed (meeting reminders, vote-reminder DMs).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    op.create_index(
        op.f("ix_agenda_items_occurrence_key"), "agenda_items", ["occurrence_key"], unique=False
    )
    op.create_table(
        "frozen_agendas",
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("occurrence_key", name=op.f("pk_frozen_agendas")),
    )
    op.create_table(
        "meeting_attendance",
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("late", sa.Text(), nullable=False),
        sa.Column("present_weight", sa.String(length=64), nullable=False),
        sa.Column("quorum_weight", sa.String(length=64), nullable=False),
        sa.Column("quorum_met", sa.Boolean(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("occurrence_key", name=op.f("pk_meeting_attendance")),
    )
    op.create_table(
        "meeting_check_ins",
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("occurrence_key", "member_id", name=op.f("pk_meeting_check_ins")),
    )
    op.create_table(
        "meeting_minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("motions", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_minutes")),
    )
    op.create_index(
        op.f("ix_meeting_minutes_occurrence_key"),
        "meeting_minutes",
        ["occurrence_key"],
        unique=False,
    )
    op.create_table(
        "meeting_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("original_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("new_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('moved', 'cancelled', 'one_off')", name=op.f("ck_meeting_overrides_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_overrides")),
    )
    op.create_index(
        op.f("ix_meeting_overrides_meeting_id"), "meeting_overrides", ["meeting_id"], unique=False
    )
    op.create_table(
        "meeting_rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("attending", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_rsvps")),
    )
    op.create_index(
        op.f("ix_meeting_rsvps_occurrence_key"), "meeting_rsvps", ["occurrence_key"], unique=False
    )
    op.create_table(
        "notices_sent",
        sa.Column("key", sa.String(length=240), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("key", "recipient", name=op.f("pk_notices_sent")),
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("notices_sent")
    op.drop_index(op.f("ix_meeting_rsvps_occurrence_key"), table_name="meeting_rsvps")
    op.drop_table("meeting_rsvps")
    op.drop_index(op.f("ix_meeting_overrides_meeting_id"), table_name="meeting_overrides")
    op.drop_table("meeting_overrides")
    op.drop_index(op.f("ix_meeting_minutes_occurrence_key"), table_name="meeting_minutes")
    op.drop_table("meeting_minutes")
    op.drop_table("meeting_check_ins")
    op.drop_table("meeting_attendance")
    op.drop_table("frozen_agendas")
    op.drop_index(op.f("ix_agenda_items_occurrence_key"), table_name="agenda_items")
    op.drop_table("agenda_items")
    # ### end Alembic commands ###
