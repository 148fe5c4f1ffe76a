"""``poolgov audit verify`` against a database: the chain, then the head row that closes it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit_chain import Break, Breakage, Verified, verify
from storage.audit_log import HEAD_ID, read_entries
from storage.complaint_verify import verify_complaints
from storage.tables import AuditHeadRow


def verify_database(
    session: Session, key: bytes, published_head: str | None = None
) -> Verified | Break:
    """The first break in the stored chain, or the verified head.

    Beyond the entries themselves, the head row (updated with every append) is a head published
    inside the database: a chain that ends before it has lost its tail. Last, each stored
    complaint must be the state its latest entry recorded (:mod:`storage.complaint_verify`).
    """
    result = verify(read_entries(session), key, published_head)
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
    return verify_complaints(session, result)
