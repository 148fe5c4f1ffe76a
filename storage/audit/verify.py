"""``poolgov audit verify`` against a database: the chain, the head row, then every table.

The chain is read once: its entries stream through :class:`~storage.record.replay.Replay` on
their way to the chain's verification, so the state they describe is built in the same pass.
Once the links and the head row hold, each compared table is read and every difference from that
state is a finding (:mod:`storage.record.compare`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.audit.chain import Break, Breakage, Verified, verify_rows
from storage.audit.log import HEAD_ID, stream_entries
from storage.driver import stored_instant
from storage.record.compare import compare_tables
from storage.record.compare_motions import has_shown_at
from storage.record.findings import Finding
from storage.record.replay import Replay
from storage.tables import AuditHeadRow, CharterVersionRow


@dataclass(frozen=True)
class Checked:
    """An intact chain and what comparing every table with it found."""

    chain: Verified
    compared: dict[str, int]  # rows compared, per table
    findings: tuple[Finding, ...] = ()  # the first ones, in table order
    found: int = 0  # how many in all
    underived: tuple[int, ...] = field(default=())  # motions whose rules could not be re-derived

    @property
    def clean(self) -> bool:
        return self.found == 0

    @property
    def length(self) -> int:
        return self.chain.length

    @property
    def head(self) -> str:
        return self.chain.head


def verify_database(
    session: Session,
    key: bytes | None,
    published_head: str | None = None,
    parse: Callable[[str], Any] | None = None,
) -> Checked | Break:
    """The first break in the stored chain, or the verified head with every table's findings.

    ``key`` is the audit key that checks scheme-1 entries; without it they are checked for their
    links only (counted in :attr:`Verified.linked_only`).

    Beyond the entries themselves, the head row (updated with every append) is a head published
    inside the database: a chain that ends before it has lost its tail. ``parse`` reads a charter
    text (the app's charter parser): it re-derives the rules of motions whose opening entry did
    not record them; without it their rules go unchecked.
    """
    with _without_cycle_collection():
        _one_snapshot(session)
        return _verify_database(session, key, published_head, parse)


def _one_snapshot(session: Session) -> None:
    """Every read of the verification from one snapshot of the database, so that a ballot or an
    entry committed while it runs (the server is not stopped for an audit) is either in the
    chain and every table or in none: never a finding.

    SQLite's read transaction is one snapshot already. On PostgreSQL a transaction reads each
    statement's own (READ COMMITTED): a transaction that has not read yet is made REPEATABLE
    READ here, read only. One that has (a caller that read first) keeps what it has."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    from psycopg.pq import TransactionStatus

    driver: Any = connection.connection.driver_connection
    if driver.info.transaction_status == TransactionStatus.IDLE:
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The replay builds one small object per row it expects, hundreds of thousands of them and
    none in a cycle; the cycle collector would walk them all again and again as they grow."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _verify_database(
    session: Session,
    key: bytes | None,
    published_head: str | None,
    parse: Callable[[str], Any] | None,
) -> Checked | Break:
    texts = dict(session.execute(select(CharterVersionRow.version, CharterVersionRow.text)).all())
    sqlite = session.connection().dialect.name == "sqlite"
    replay = Replay(
        parse,
        texts,
        has_shown_at=has_shown_at(),
        stored_instant=stored_instant if sqlite else None,  # as SQLite's driver returns it
    )
    # Every entry in sequence order, streamed from the driver (a server-side cursor on
    # PostgreSQL) as plain tuples.
    stream = stream_entries(session.connection())
    try:
        result = verify_rows(replay.observe_rows(stream), key, published_head)
    finally:
        stream.close()  # a break found early leaves the rest unread: the cursor is closed
    if isinstance(result, Break):
        return result
    head = session.execute(
        select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(AuditHeadRow.id == HEAD_ID)
    ).one()
    if head.seq > result.length:
        return Break(
            result.length + 1,
            Breakage.SHORTER_THAN_HEAD,
            f"the head row records {head.seq} entries, the chain holds {result.length}",
        )
    if head.seq != result.length or head.entry_hash != result.head:
        return Break(
            head.seq + 1 if head.seq < result.length else head.seq,
            Breakage.CONTENT_CHANGED,
            "the head row does not match the end of the chain",
        )
    findings = compare_tables(session, replay)
    return Checked(
        result,
        findings.compared,
        tuple(findings.listed),
        findings.total,
        tuple(replay.motions.underived),
    )
