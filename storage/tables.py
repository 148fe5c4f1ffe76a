"""The pool's tables: SQLAlchemy 2.x typed mappings under one constraint naming convention.

Rationals are ``"p/q"`` strings (never floats); instants are :class:`~storage.types.UtcDateTime`;
JSON documents (payloads, rules, results, audit bodies) are canonical JSON text, so their bytes
are exactly what was written. The schema itself is made only by ``migrations/``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MEMBER_ID = String(32)
USER_ID = String(64)
HASH = String(64)
RATIONAL = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CharterVersionRow(Base):
    """One version of the charter: the YAML as written, its SHA-256, and the motion behind it."""

    __tablename__ = "charter_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(HASH)
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime())
    carried_by_motion_id: Mapped[int | None] = mapped_column(Integer)


class MotionRow(Base):
    __tablename__ = "motions"
    __table_args__ = (
        CheckConstraint(
            "state IN ('open', 'carried', 'failed', 'no_quorum', 'withdrawn')", name="state"
        ),
        Index(None, "state", "closes_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    rules: Mapped[str] = mapped_column(Text)
    charter_version: Mapped[int] = mapped_column(ForeignKey("charter_versions.version"))
    opened_by: Mapped[str] = mapped_column(USER_ID)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    close_reason: Mapped[str | None] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(Text)
    audit_head: Mapped[str | None] = mapped_column(HASH)
    shown_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # its post reached members


class MembershipRow(Base):
    """A member's time in the pool: joined, perhaps left; a re-admission is a new row."""

    __tablename__ = "members"
    __table_args__ = (
        Index(
            "uq_members_current",
            "member_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    name: Mapped[str] = mapped_column(String(200))
    patents: Mapped[int] = mapped_column(Integer)
    contribution: Mapped[str] = mapped_column(RATIONAL)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    admitted_by_motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id"))
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    left_how: Mapped[str | None] = mapped_column(String(16))
    left_by_motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id"))


class MemberChangeRow(Base):
    """History of a register entry: the values as they were set, when and by whom."""

    __tablename__ = "member_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    changed_by: Mapped[str | None] = mapped_column(USER_ID)
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id"))
    name: Mapped[str] = mapped_column(String(200))
    patents: Mapped[int] = mapped_column(Integer)
    contribution: Mapped[str] = mapped_column(RATIONAL)


class RepresentativeRow(Base):
    """A user who may vote for a member; one person speaks for one member at a time."""

    __tablename__ = "representatives"
    __table_args__ = (
        Index(
            "uq_representatives_seated",
            "user_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    user_id: Mapped[str] = mapped_column(USER_ID)
    appointed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ElectorateRow(Base):
    """The register as frozen on a motion when it opened: weight, eligibility and the entry."""

    __tablename__ = "motion_electorate"
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id"), primary_key=True)
    member_id: Mapped[str] = mapped_column(MEMBER_ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    weight: Mapped[str] = mapped_column(RATIONAL)
    eligible: Mapped[bool]
    name: Mapped[str] = mapped_column(String(200))
    patents: Mapped[int] = mapped_column(Integer)
    contribution: Mapped[str] = mapped_column(RATIONAL)
    representatives: Mapped[str] = mapped_column(Text)


class BallotRow(Base):
    """Append-only: a changed vote is a new row and the old one is marked superseded."""

    __tablename__ = "ballots"
    __table_args__ = (
        ForeignKeyConstraint(
            ["motion_id", "member_id"],
            ["motion_electorate.motion_id", "motion_electorate.member_id"],
        ),
        CheckConstraint("choice IN ('yes', 'no', 'abstain')", name="choice"),
        Index(
            "uq_ballots_counted",
            "motion_id",
            "member_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index(None, "member_id", "cast_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    motion_id: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(MEMBER_ID)
    choice: Mapped[str] = mapped_column(String(8))
    cast_by: Mapped[str] = mapped_column(USER_ID)
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    request_key: Mapped[str] = mapped_column(String(200))
    audit_seq: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(String(32), index=True)


class ProcessedRequestRow(Base):
    """A request key seen once, with the answer it got."""

    __tablename__ = "processed_requests"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    result: Mapped[str | None] = mapped_column(Text)


class FeeScheduleRow(Base):
    __tablename__ = "fee_schedule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_category: Mapped[str] = mapped_column(String(200))
    royalty: Mapped[str] = mapped_column(String(200))
    effective_date: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DistributionRuleRow(Base):
    __tablename__ = "distribution_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[date] = mapped_column(Date)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntryRow(Base):
    """One link of the chain; ``body`` is the canonical JSON the hash covers.

    ``scheme`` is how its hash was made (see :mod:`storage.audit.chain`): 1 for HMAC entries
    written before signed heads, 2 for plain SHA-256.
    """

    __tablename__ = "audit_entries"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    scheme: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    prev_hash: Mapped[str] = mapped_column(HASH)
    entry_hash: Mapped[str] = mapped_column(HASH)
    body: Mapped[str] = mapped_column(Text)
    motion_id: Mapped[int | None] = mapped_column(Integer, index=True)


class AuditHeadRow(Base):
    """The single row every append locks: the last sequence number and hash."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(HASH)


class AuditSignatureRow(Base):
    """An Ed25519 signature of a chain head (not an entry of the chain); one per head and key."""

    __tablename__ = "audit_signatures"
    __table_args__ = (Index(None, "seq", "key_id", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(HASH)
    key_id: Mapped[str] = mapped_column(String(16))
    signature: Mapped[str] = mapped_column(String(128))  # base64, standard alphabet, padded
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())


# The other table modules register on the same metadata; importing them here makes
# ``Base.metadata`` whole for Alembic and the models-versus-migrations test.
import storage.tables_actions  # noqa: E402
import storage.tables_complaints  # noqa: E402
import storage.tables_deployment  # noqa: E402
import storage.tables_meetings  # noqa: E402
import storage.tables_minutes  # noqa: E402
import storage.tables_outbox  # noqa: E402
import storage.tables_proxies  # noqa: E402
import storage.tables_register  # noqa: E402
import storage.tables_slack  # noqa: E402, F401
