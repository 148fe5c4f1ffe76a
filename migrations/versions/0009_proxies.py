"""Proxies (``proxies``) and the marks of ballots cast with them (``proxy_ballots``).

Revision ID: 0009
Revises: 0007
Create Date: 2027-02-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def instant(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "proxies",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("given_by", sa.String(length=64), nullable=False),
        instant("given_at", nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        instant("until"),
        sa.Column("instruction_motion_id", sa.Integer(), nullable=True),
        sa.Column("instruction", sa.String(length=8), nullable=True),
        instant("revoked_at"),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.Column("revoked_seq", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "instruction IS NULL OR instruction IN ('yes', 'no', 'abstain')",
            name=op.f("ck_proxies_instruction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proxies")),
    )
    op.create_index(op.f("ix_proxies_holder"), "proxies", ["holder"])
    op.create_index(op.f("ix_proxies_member_id"), "proxies", ["member_id"])
    op.create_table(
        "proxy_ballots",
        sa.Column("audit_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("proxy_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["proxy_id"], ["proxies.id"], name=op.f("fk_proxy_ballots_proxy_id_proxies")
        ),
        sa.PrimaryKeyConstraint("audit_seq", name=op.f("pk_proxy_ballots")),
    )
    op.create_index(op.f("ix_proxy_ballots_motion_id"), "proxy_ballots", ["motion_id"])
    op.create_index(op.f("ix_proxy_ballots_proxy_id"), "proxy_ballots", ["proxy_id"])


def downgrade() -> None:
    op.drop_table("proxy_ballots")
    op.drop_table("proxies")
