"""A record anyone can verify: per-entry hash schemes, signed heads, 80-bit receipts.

``audit_entries.scheme`` is 1 for every entry written so far (HMAC with the audit key) and 2 for
every entry written from now on (plain SHA-256). ``audit_signatures`` holds the Ed25519 signatures
of chain heads. ``ballots.receipt`` widens to hold the new five-group receipts, with an index so
that a receipt can be looked up.

Since the ``scheme`` column is not hashed, a chain that holds entries is given, as its next entry,
the record of the switch (``chain_scheme_changed``, scheme 2, with the number of keyed entries
before it): a verifier without the key can then tell that no scheme-2 entry was relabelled as
scheme 1 (:mod:`storage.audit.chain`). The hash is computed here, as the revision stood, rather
than with the application's code, which may change later.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-15
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from migrations.runner import DowngradeRefused
from storage.findings import Finding

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
    _record_the_switch()


def _record_the_switch() -> None:
    connection = op.get_bind()
    head = connection.execute(sa.text("SELECT seq, entry_hash FROM audit_head WHERE id = 1")).one()
    if head.seq == 0:
        return  # an empty chain is scheme 2 from its first entry
    seq = head.seq + 1
    at = datetime.now(UTC).isoformat()
    body = json.dumps(
        {
            "kind": "chain_scheme_changed",
            "at": at,
            "data": {"scheme": 2, "keyed_entries": head.seq},
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    message = bytes.fromhex(head.entry_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")
    digest = hashlib.sha256(message).hexdigest()
    connection.execute(
        sa.text(
            "INSERT INTO audit_entries (seq, scheme, prev_hash, entry_hash, body, motion_id)"
            " VALUES (:seq, 2, :prev, :hash, :body, NULL)"
        ),
        {"seq": seq, "prev": head.entry_hash, "hash": digest, "body": body},
    )
    connection.execute(
        sa.text("UPDATE audit_head SET seq = :seq, entry_hash = :hash WHERE id = 1"),
        {"seq": seq, "hash": digest},
    )


def downgrade() -> None:
    # Scheme-2 entries cannot go back to the keyed scheme: a chain that holds any stays at 0005.
    connection = op.get_bind()
    newer = connection.execute(
        sa.text("SELECT COUNT(*) FROM audit_entries WHERE scheme = 2")
    ).scalar_one()
    if newer:
        raise DowngradeRefused(
            Finding(
                "the audit chain holds {count} scheme-2 entries, which revision {revision} cannot "
                "verify; restore a backup taken before the upgrade instead",
                count=newer,
                revision="0004",
            )
        )
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
