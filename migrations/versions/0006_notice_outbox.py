"""The notice outbox (``notice_outbox``) and ``motions.shown_at``; the claim tables it replaces go.

Every notice poolgov posts once now lives in ``notice_outbox``. What the old claims recorded is
carried over as sent notices: a claim in ``notices_sent`` or ``complaint_notices`` (sent, or
claimed and perhaps lost: it cannot be told now, and a doubled notice is the worse fault), each
motion's post in ``slack_posts`` (``motion:N/post``) and each announcement claimed there
(``motion:N/result``). Motions opened before this revision were posted when opened, so their
``shown_at`` is their ``opened_at``.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def instant(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "notice_outbox",
        sa.Column("key", sa.String(length=240), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        instant("enqueued_at", nullable=False),
        sa.Column("after_key", sa.String(length=240), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("post_key", sa.String(length=128), nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        instant("leased_until"),
        instant("first_leased_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        instant("sent_at"),
        sa.Column("sent_channel", sa.String(length=64), nullable=True),
        sa.Column("sent_ts", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'dropped')", name=op.f("ck_notice_outbox_state")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_notice_outbox")),
    )
    op.create_index(
        op.f("ix_notice_outbox_state_leased_until"), "notice_outbox", ["state", "leased_until"]
    )
    with op.batch_alter_table("motions") as batch:
        batch.add_column(instant("shown_at"))
    op.execute("UPDATE motions SET shown_at = opened_at")
    _carry_over_claims()
    op.drop_table("notices_sent")
    op.drop_index(op.f("ix_complaint_notices_complaint_id"), table_name="complaint_notices")
    op.drop_table("complaint_notices")
    with op.batch_alter_table("slack_posts") as batch:
        batch.drop_column("announced_at")


def _carry_over_claims() -> None:
    columns = "key, channel, state, enqueued_at, attempts, sent_at, sent_channel, sent_ts"
    op.execute(
        f"INSERT INTO notice_outbox ({columns}) "  # noqa: S608 - constant SQL
        "SELECT CASE WHEN recipient = '*' THEN key ELSE key || '/to/' || recipient END, "
        "COALESCE(channel, CASE WHEN recipient = '*' THEN '' ELSE recipient END), 'sent', "
        "claimed_at, 1, COALESCE(sent_at, claimed_at), channel, ts FROM notices_sent"
    )
    op.execute(
        f"INSERT INTO notice_outbox ({columns}) "  # noqa: S608
        "SELECT key, '', 'sent', claimed_at, 1, claimed_at, NULL, NULL FROM complaint_notices"
    )
    op.execute(
        f"INSERT INTO notice_outbox ({columns}) "  # noqa: S608
        "SELECT key || '/post', channel, 'sent', CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP, "
        "channel, ts FROM slack_posts WHERE key LIKE 'motion:%'"
    )
    op.execute(
        f"INSERT INTO notice_outbox ({columns}) "  # noqa: S608
        "SELECT key || '/result', channel, 'sent', announced_at, 1, announced_at, channel, NULL "
        "FROM slack_posts WHERE key LIKE 'motion:%' AND announced_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("slack_posts") as batch:
        batch.add_column(instant("announced_at"))
    op.execute(
        "UPDATE slack_posts SET announced_at = (SELECT sent_at FROM notice_outbox "
        "WHERE notice_outbox.key = slack_posts.key || '/result' AND state = 'sent')"
    )
    op.create_table(
        "complaint_notices",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        instant("claimed_at", nullable=False),
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
    op.create_table(
        "notices_sent",
        sa.Column("key", sa.String(length=240), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        instant("claimed_at", nullable=False),
        instant("sent_at"),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("key", "recipient", name=op.f("pk_notices_sent")),
    )
    _carry_back_claims()
    with op.batch_alter_table("motions") as batch:
        batch.drop_column("shown_at")
    op.drop_index(op.f("ix_notice_outbox_state_leased_until"), table_name="notice_outbox")
    op.drop_table("notice_outbox")


def _carry_back_claims() -> None:
    """Sent or not, every notice goes back as a claim: after a downgrade none is sent twice."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT key, channel, enqueued_at, sent_at, sent_channel, sent_ts FROM notice_outbox")
    ).all()
    complaints, notices = [], []
    for key, channel, enqueued_at, sent_at, sent_channel, sent_ts in rows:
        if key.startswith("motion:"):
            continue  # the announcement claim is back in slack_posts.announced_at
        if key.startswith("complaint/"):
            number = key.split("/")[1]
            if number.isdigit():
                complaints.append({"key": key, "id": int(number), "at": enqueued_at})
            continue
        fanout, _, user = key.rpartition("/to/")
        notices.append(
            {
                "key": fanout if user else key,
                "recipient": user or "*",
                "at": enqueued_at,
                "sent_at": sent_at,
                "channel": sent_channel or channel or None,
                "ts": sent_ts,
            }
        )
    if complaints:
        bind.execute(
            sa.text(
                "INSERT INTO complaint_notices (key, complaint_id, claimed_at) "
                "VALUES (:key, :id, :at)"
            ),
            complaints,
        )
    if notices:
        bind.execute(
            sa.text(
                "INSERT INTO notices_sent (key, recipient, claimed_at, sent_at, channel, ts) "
                "VALUES (:key, :recipient, :at, :sent_at, :channel, :ts)"
            ),
            notices,
        )
