"""Signed heads in the database: ``audit_signatures``, one signature per head and key.

:func:`sign_current_head` is what a close, a witness post and an export call: it signs the head
the chain has reached (read with the lock appends take, so nothing is appended meanwhile) and
stores the signature, unless that key signed that head already, in which case the stored one is
returned. A signed head is not an entry of the chain: signing appends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit_log import HEAD_ID
from storage.dialect import insert_if_absent
from storage.signing import HeadSigner, SignedHead
from storage.tables import AuditHeadRow, AuditSignatureRow


class EmptyChain(Exception):
    def __str__(self) -> str:
        return "The audit chain has no entry yet, so there is no head to sign."


class HeadForked(Exception):
    """A signature stored for this entry number names another hash: the chain was rewritten."""

    def __init__(self, seq: int, signed_hash: str, chain_hash: str) -> None:
        super().__init__(seq, signed_hash, chain_hash)
        self.seq, self.signed_hash, self.chain_hash = seq, signed_hash, chain_hash

    def __str__(self) -> str:
        return (
            f"entry {self.seq} was signed with hash {self.signed_hash[:16]}…, but the chain now "
            f"holds {self.chain_hash[:16]}… there: run `poolgov audit verify`"
        )


def sign_current_head(session: Session, signer: HeadSigner, now: datetime) -> SignedHead:
    """The signature of the chain's current head by ``signer``: stored now, or earlier."""
    head = session.execute(
        select(AuditHeadRow.seq, AuditHeadRow.entry_hash)
        .where(AuditHeadRow.id == HEAD_ID)
        .with_for_update()
    ).one()
    if head.seq == 0:
        raise EmptyChain()
    signed = signer.sign(head.seq, head.entry_hash, now)
    insert_if_absent(
        session,
        AuditSignatureRow,
        {
            "seq": signed.seq,
            "entry_hash": signed.entry_hash,
            "key_id": signed.key_id,
            "signature": signed.signature,
            "signed_at": signed.signed_at,
        },
        ["seq", "key_id"],
    )
    stored = session.scalars(
        select(AuditSignatureRow).where(
            AuditSignatureRow.seq == head.seq, AuditSignatureRow.key_id == signer.key_id
        )
    ).one()
    if stored.entry_hash != head.entry_hash:
        raise HeadForked(head.seq, stored.entry_hash, head.entry_hash)
    return _signed_head(stored)


def signed_heads(session: Session, up_to: int | None = None) -> list[SignedHead]:
    """Every stored signature, in chain order (those of heads up to entry ``up_to``)."""
    query = select(AuditSignatureRow).order_by(AuditSignatureRow.seq, AuditSignatureRow.id)
    if up_to is not None:
        query = query.where(AuditSignatureRow.seq <= up_to)
    return [_signed_head(row) for row in session.scalars(query)]


def _signed_head(row: AuditSignatureRow) -> SignedHead:
    return SignedHead(row.seq, row.entry_hash, row.key_id, row.signature, row.signed_at)
