"""Follow-up actions of carried motions, the minutes and the operator.

Revision ID: 0011
Revises: 0007
Create Date: 2027-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "follow_up_actions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("occurrence_key", sa.String(length=128), nullable=True),
        sa.Column("template_key", sa.String(length=64), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        instant("due_at"),
        instant("created_at"),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        instant("done_at", nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'done')", name=op.f("ck_follow_up_actions_status")),
        sa.CheckConstraint(
            "source IN ('motion', 'minutes', 'operator')", name=op.f("ck_follow_up_actions_source")
        ),
        sa.ForeignKeyConstraint(
            ["audit_seq"],
            ["audit_entries.seq"],
            name=op.f("fk_follow_up_actions_audit_seq_audit_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_follow_up_actions_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_actions")),
        sa.UniqueConstraint("motion_id", "slot", name=op.f("uq_follow_up_actions_motion_id_slot")),
    )
    op.create_index(
        op.f("ix_follow_up_actions_status_due_at"), "follow_up_actions", ["status", "due_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_follow_up_actions_status_due_at"), table_name="follow_up_actions")
    op.drop_table("follow_up_actions")
