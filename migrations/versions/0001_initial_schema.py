"""The initial schema: charter versions, the register, motions, ballots and the audit chain.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Hand-checked against storage/tables.py; tests/integration/test_migrations.py proves they agree.
Instants are TIMESTAMP WITH TIME ZONE (a UTC string on SQLite); rationals are "p/q" strings.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64


def instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    audit_head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "entry_hash": GENESIS}])
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
    )
    op.create_index(op.f("ix_audit_entries_motion_id"), "audit_entries", ["motion_id"])
    op.create_table(
        "charter_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        instant("effective_at"),
        sa.Column("carried_by_motion_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_charter_versions")),
    )
    op.create_table(
        "processed_requests",
        sa.Column("key", sa.String(length=200), nullable=False),
        instant("processed_at"),
        sa.Column("result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_requests")),
    )
    op.create_table(
        "motions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("charter_version", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        instant("opened_at"),
        instant("closes_at"),
        sa.Column("state", sa.String(length=16), nullable=False),
        instant("closed_at", nullable=True),
        sa.Column("close_reason", sa.String(length=16), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("audit_head", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'carried', 'failed', 'no_quorum', 'withdrawn')",
            name=op.f("ck_motions_state"),
        ),
        sa.ForeignKeyConstraint(
            ["charter_version"],
            ["charter_versions.version"],
            name=op.f("fk_motions_charter_version_charter_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motions")),
    )
    op.create_index(op.f("ix_motions_state_closes_at"), "motions", ["state", "closes_at"])
    op.create_table(
        "distribution_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        instant("recorded_at"),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_distribution_rules_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_rules")),
    )
    op.create_table(
        "fee_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_category", sa.String(length=200), nullable=False),
        sa.Column("royalty", sa.String(length=200), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        instant("recorded_at"),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_fee_schedule_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_schedule")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("patents", sa.Integer(), nullable=False),
        sa.Column("contribution", sa.String(length=64), nullable=False),
        instant("joined_at"),
        sa.Column("admitted_by_motion_id", sa.Integer(), nullable=True),
        instant("left_at", nullable=True),
        sa.Column("left_how", sa.String(length=16), nullable=True),
        sa.Column("left_by_motion_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["admitted_by_motion_id"],
            ["motions.id"],
            name=op.f("fk_members_admitted_by_motion_id_motions"),
        ),
        sa.ForeignKeyConstraint(
            ["left_by_motion_id"], ["motions.id"], name=op.f("fk_members_left_by_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    op.create_index(
        "uq_members_current",
        "members",
        ["member_id"],
        unique=True,
        sqlite_where=sa.text("left_at IS NULL"),
        postgresql_where=sa.text("left_at IS NULL"),
    )
    op.create_table(
        "motion_electorate",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weight", sa.String(length=64), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("patents", sa.Integer(), nullable=False),
        sa.Column("contribution", sa.String(length=64), nullable=False),
        sa.Column("representatives", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_motion_electorate_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "member_id", name=op.f("pk_motion_electorate")),
    )
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.Column("cast_by", sa.String(length=64), nullable=False),
        instant("cast_at"),
        instant("superseded_at", nullable=True),
        sa.Column("request_key", sa.String(length=200), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=16), nullable=False),
        sa.CheckConstraint("choice IN ('yes', 'no', 'abstain')", name=op.f("ck_ballots_choice")),
        sa.ForeignKeyConstraint(
            ["motion_id", "member_id"],
            ["motion_electorate.motion_id", "motion_electorate.member_id"],
            name=op.f("fk_ballots_motion_id_member_id_motion_electorate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
    )
    op.create_index(op.f("ix_ballots_member_id_cast_at"), "ballots", ["member_id", "cast_at"])
    # The heart of "a vote is never counted twice": one counted ballot per motion and member.
    op.create_index(
        "uq_ballots_counted",
        "ballots",
        ["motion_id", "member_id"],
        unique=True,
        sqlite_where=sa.text("superseded_at IS NULL"),
        postgresql_where=sa.text("superseded_at IS NULL"),
    )
    op.create_table(
        "member_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        instant("changed_at"),
        sa.Column("changed_by", sa.String(length=64), nullable=True),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("patents", sa.Integer(), nullable=False),
        sa.Column("contribution", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["members.id"], name=op.f("fk_member_changes_membership_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_member_changes_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_changes")),
    )
    op.create_index(
        op.f("ix_member_changes_membership_id"), "member_changes", ["membership_id"]
    )
    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        instant("appointed_at"),
        instant("removed_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["members.id"], name=op.f("fk_representatives_membership_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
    )
    op.create_index(
        op.f("ix_representatives_membership_id"), "representatives", ["membership_id"]
    )
    op.create_index(
        "uq_representatives_seated",
        "representatives",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    )


def downgrade() -> None:
    for table in (
        "representatives",
        "member_changes",
        "ballots",
        "motion_electorate",
        "members",
        "fee_schedule",
        "distribution_rules",
        "motions",
        "processed_requests",
        "charter_versions",
        "audit_entries",
        "audit_head",
    ):
        op.drop_table(table)  # dropping a table drops its indexes and constraints with it
