"""The audit chain in the database: appends serialised on the locked head row.

The head row is read ``FOR UPDATE`` (PostgreSQL; SQLite writers already hold the database lock
from ``BEGIN IMMEDIATE``), so two transactions never append the same sequence number and each
entry's ``prev_hash`` is the hash committed just before it.

Once locked, the head is the transaction's own until it ends, so it is read once: later appends
in the same transaction (a batch of ballots) chain on from the last one in memory, and the head
row is written once, by :meth:`SqlAuditLog.flush`, which the unit of work calls before it
commits. An entry appended
``deferred`` (a batch of ballots, which never reads its entries back) waits for that flush too,
so a batch writes all its entries, its head and the rest it held back (:mod:`storage.deferred`)
in one statement on PostgreSQL; any other append writes at once, after whatever entries were
deferred.

New entries are scheme 2 (plain SHA-256, see :mod:`storage.audit.chain`): appending needs no key.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from governance.ports import AuditRecord
from storage.audit.chain import CURRENT_SCHEME, Entry, canonical_json, sha256_entry_hash
from storage.deferred import HEAD_ID as HEAD_ID
from storage.deferred import write_deferred
from storage.driver import tuples
from storage.tables import AuditEntryRow, AuditHeadRow

# Built once: every ballot appends (see storage.dialect.InsertIfAbsent for why). The head row is
# read FOR UPDATE (a no-op on SQLite, whose writers hold the database lock already).
_HEAD = select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(AuditHeadRow.id == HEAD_ID)
_LOCKED_HEAD = _HEAD.with_for_update()
#: The head row locked, as a subquery another read of the transaction can join (``head_seq``,
#: ``head_hash``): that read then hands the head over with :func:`head_locked`, and the first
#: append needs no read of its own (a round trip fewer for a ballot batch, whose casters read
#: takes it: :meth:`storage.ballot_repo.SqlBallotRepository.casters`).
LOCKED_HEAD = (
    select(AuditHeadRow.seq.label("head_seq"), AuditHeadRow.entry_hash.label("head_hash"))
    .where(AuditHeadRow.id == HEAD_ID)
    .with_for_update()
    .subquery("head")
)
_LOCKED = "poolgov_locked_head"  # Session.info key: the head a read locked and handed over
_ADD_ENTRY = insert(AuditEntryRow)


class SqlAuditLog:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._head: AuditRecord | None = None  # locked and read, or appended, in this transaction
        self._unwritten: list[dict[str, Any]] = []  # deferred entries, not yet written
        self._moved = False  # entries written since the head row was last moved

    def append(
        self, kind: str, data: Mapping[str, Any], now: datetime, *, deferred: bool = False
    ) -> AuditRecord:
        connection = self._session.connection()
        head = self._head
        if head is None:
            head = self._session.info.pop(_LOCKED, None)
        if head is None:
            row = connection.execute(_LOCKED_HEAD).one()
            head = AuditRecord(row.seq, row.entry_hash)
        seq = head.seq + 1
        body = canonical_json({"kind": kind, "at": now.astimezone(UTC).isoformat(), "data": data})
        digest = sha256_entry_hash(head.entry_hash, seq, body)
        motion_id = data.get("motion_id")
        entry = {
            "seq": seq,
            "scheme": CURRENT_SCHEME,
            "prev_hash": head.entry_hash,
            "entry_hash": digest,
            "body": body,
            "motion_id": int(motion_id) if motion_id is not None else None,
        }
        self._unwritten.append(entry)
        self._head = AuditRecord(seq, digest)
        if not deferred:
            self._write_entries()
        return self._head

    def head(self) -> AuditRecord:
        if self._head is not None:
            return self._head
        locked: AuditRecord | None = self._session.info.get(_LOCKED)
        if locked is not None:
            return locked
        row = self._session.connection().execute(_HEAD).one()
        return AuditRecord(row.seq, row.entry_hash)

    def flush(self) -> None:
        """Write the deferred entries and move the head row to the last append (before commit),
        with whatever else the transaction held back for its commit: one statement on PostgreSQL
        (:mod:`storage.deferred`)."""
        entries, self._unwritten = self._unwritten, []
        moved = self._head is not None and (self._moved or bool(entries))
        head = self._head
        write_deferred(
            self._session,
            entries,
            {"seq": head.seq, "entry_hash": head.entry_hash} if moved and head else None,
        )
        self._moved = False

    def _write_entries(self) -> None:
        if self._unwritten:
            self._session.connection().execute(_ADD_ENTRY, self._unwritten)
            self._unwritten = []
            self._moved = True


def head_locked(session: Session, seq: int, entry_hash: str) -> None:
    """A read of ``session``'s transaction joined :data:`LOCKED_HEAD`: the head it locked and
    read, for the transaction's first append."""
    session.info[_LOCKED] = AuditRecord(seq, entry_hash)


#: Every entry as stored, in sequence order: the columns of :class:`Entry`, in its order. Read
#: 500 rows at a time (a server-side cursor on PostgreSQL) by :func:`read_entries`, and from the
#: driver by :func:`stream_entries`.
ENTRIES = (
    select(
        AuditEntryRow.seq,
        AuditEntryRow.prev_hash,
        AuditEntryRow.entry_hash,
        AuditEntryRow.body,
        AuditEntryRow.scheme,
    )
    .order_by(AuditEntryRow.seq)
    .execution_options(yield_per=500)
)


def stream_entries(connection: Connection) -> Generator[tuple[int, str, str, str, int], None, None]:
    """:data:`ENTRIES` as plain ``(seq, prev_hash, entry_hash, body, scheme)`` tuples from the
    driver (:func:`storage.driver.tuples`: no row object, no type processing; every column is a
    plain integer or text), streamed; the cursor is closed when the reading stops.

    The bench's floor (``bench/scale.py``) reads the chain with this very function.
    """
    return tuples(connection, ENTRIES)


def read_entries(session: Session, motion_id: int | None = None) -> Iterator[Entry]:
    """Every entry in sequence order (or those about one motion), as stored; the cursor is
    closed when the reading stops, at the end or early."""
    query = ENTRIES if motion_id is None else ENTRIES.where(AuditEntryRow.motion_id == motion_id)
    with session.execute(query) as rows:
        for row in rows:
            yield Entry(row.seq, row.prev_hash, row.entry_hash, row.body, row.scheme)
