"""Minutes that are reviewed, approved and locked: ``minutes_reviews`` and
``minutes_corrections``.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "minutes_reviews",
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        instant("recorded_at"),
        instant("review_closes", nullable=True),
        sa.Column("approved_by", sa.String(length=16), nullable=True),
        sa.Column("approved_ref", sa.String(length=160), nullable=False),
        instant("approved_at", nullable=True),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'circulated', 'approved', 'locked')",
            name=op.f("ck_minutes_reviews_state"),
        ),
        sa.PrimaryKeyConstraint("occurrence_key", name=op.f("pk_minutes_reviews")),
    )
    op.create_table(
        "minutes_corrections",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("occurrence_key", sa.String(length=160), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        instant("proposed_at"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        instant("decided_at", nullable=True),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('proposed', 'accepted', 'declined')",
            name=op.f("ck_minutes_corrections_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_corrections")),
    )
    op.create_index(
        op.f("ix_minutes_corrections_occurrence_key"),
        "minutes_corrections",
        ["occurrence_key"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_minutes_corrections_occurrence_key"), table_name="minutes_corrections")
    op.drop_table("minutes_corrections")
    op.drop_table("minutes_reviews")
