"""Declared conflicts of interest on motions (``recuse: [declared]``).

Revision ID: 0008
Revises: 0007
Create Date: 2027-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conflict_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.String(length=64), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_operator", sa.Boolean(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"],
            ["motions.id"],
            name=op.f("fk_conflict_declarations_motion_id_motions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_declarations")),
        sa.UniqueConstraint(
            "motion_id", "member_id", name=op.f("uq_conflict_declarations_motion_id_member_id")
        ),
    )
    op.create_index(
        op.f("ix_conflict_declarations_motion_id"),
        "conflict_declarations",
        ["motion_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_conflict_declarations_motion_id"), table_name="conflict_declarations"
    )
    op.drop_table("conflict_declarations")
