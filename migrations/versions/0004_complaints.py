"""Tables for complaints: ``complaints`` (metadata, sealed content) and ``complaint_notices``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        instant("filed_at"),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        instant("acknowledge_by"),
        instant("respond_by"),
        instant("acknowledged_at", nullable=True),
        instant("answered_at", nullable=True),
        instant("closed_at", nullable=True),
        instant("escalated_at", nullable=True),
        sa.Column("escalation_reason", sa.String(length=40), nullable=True),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('filed', 'acknowledged', 'answered', 'closed', 'escalated')",
            name=op.f("ck_complaints_status"),
        ),
        sa.ForeignKeyConstraint(
            ["audit_seq"],
            ["audit_entries.seq"],
            name=op.f("fk_complaints_audit_seq_audit_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_complaints_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index(op.f("ix_complaints_status"), "complaints", ["status"])
    op.create_table(
        "complaint_notices",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        instant("claimed_at"),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_notices_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_complaint_notices")),
    )
    op.create_index(
        op.f("ix_complaint_notices_complaint_id"), "complaint_notices", ["complaint_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_notices_complaint_id"), table_name="complaint_notices")
    op.drop_table("complaint_notices")
    op.drop_index(op.f("ix_complaints_status"), table_name="complaints")
    op.drop_table("complaints")
