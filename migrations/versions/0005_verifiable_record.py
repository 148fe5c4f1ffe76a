"""A record anyone can verify: per-entry hash schemes, signed heads, 80-bit receipts.

``audit_entries.scheme`` is 1 for every entry written so far (HMAC with the audit key) and 2 for
every entry written from now on (plain SHA-256). ``audit_signatures`` holds the Ed25519 signatures
of chain heads. ``ballots.receipt`` widens to hold the new five-group receipts, with an index so
that a receipt can be looked up.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch:
        batch.add_column(
            sa.Column("scheme", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
    op.create_table(
        "audit_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_signatures")),
    )
    op.create_index(
        op.f("ix_audit_signatures_seq_key_id"),
        "audit_signatures",
        ["seq", "key_id"],
        unique=True,
    )
    with op.batch_alter_table("ballots") as batch:
        batch.alter_column(
            "receipt",
            existing_type=sa.String(length=16),
            type_=sa.String(length=32),
            existing_nullable=False,
        )
        batch.create_index(op.f("ix_ballots_receipt"), ["receipt"])


def downgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.drop_index(op.f("ix_ballots_receipt"))
        batch.alter_column(
            "receipt",
            existing_type=sa.String(length=32),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
    op.drop_index(op.f("ix_audit_signatures_seq_key_id"), table_name="audit_signatures")
    op.drop_table("audit_signatures")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("scheme")
