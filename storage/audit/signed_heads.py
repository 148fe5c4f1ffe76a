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

from storage.audit.log import HEAD_ID
from storage.audit.signing import HeadSigner, SignedHead
from storage.dialect import insert_if_absent
from storage.findings import Finding
from storage.tables import AuditEntryRow, AuditHeadRow, AuditSignatureRow


class EmptyChain(Exception):
    @property
    def finding(self) -> Finding:
        return Finding("The audit chain has no entry yet, so there is no head to sign.")

    def __str__(self) -> str:
        return str(self.finding)


class HeadForked(Exception):
    """A signature stored for this entry number names another hash: the chain was rewritten."""

    def __init__(self, seq: int, signed_hash: str, chain_hash: str) -> None:
        super().__init__(seq, signed_hash, chain_hash)
        self.seq, self.signed_hash, self.chain_hash = seq, signed_hash, chain_hash

    @property
    def finding(self) -> Finding:
        return Finding(
            "entry {seq} was signed with hash {signed}…, but the chain now holds {chain}… there: "
            "run `poolgov audit verify`",
            seq=self.seq,
            signed=self.signed_hash[:16],
            chain=self.chain_hash[:16],
        )

    def __str__(self) -> str:
        return str(self.finding)


class HeadNotOnChain(Exception):
    """A head to sign that the chain does not hold: no entry ``seq``, or another hash there."""

    def __init__(self, seq: int, entry_hash: str, chain_hash: str | None) -> None:
        super().__init__(seq, entry_hash, chain_hash)
        self.seq, self.entry_hash, self.chain_hash = seq, entry_hash, chain_hash

    @property
    def finding(self) -> Finding:
        there = (
            Finding("the chain has no such entry")
            if self.chain_hash is None
            else Finding("the chain holds {chain}… there", chain=self.chain_hash[:16])
        )
        return Finding(
            "head {head}… at entry {seq} is not on the chain: {there}",
            head=self.entry_hash[:16],
            seq=self.seq,
            there=there,
        )

    def __str__(self) -> str:
        return str(self.finding)


def sign_current_head(session: Session, signer: HeadSigner, now: datetime) -> SignedHead:
    """The signature of the chain's current head by ``signer``: stored now, or earlier."""
    head = session.execute(
        select(AuditHeadRow.seq, AuditHeadRow.entry_hash)
        .where(AuditHeadRow.id == HEAD_ID)
        .with_for_update()
    ).one()
    if head.seq == 0:
        raise EmptyChain()
    return _store(session, signer, head.seq, head.entry_hash, now)


def sign_head(
    session: Session, signer: HeadSigner, seq: int, entry_hash: str, now: datetime
) -> SignedHead:
    """The signature of the head ``seq``/``entry_hash`` by ``signer``, if the chain holds it.

    Raises :class:`HeadNotOnChain` when entry ``seq`` is missing or has another hash.
    """
    chain_hash = session.scalar(select(AuditEntryRow.entry_hash).where(AuditEntryRow.seq == seq))
    if chain_hash != entry_hash:
        raise HeadNotOnChain(seq, entry_hash, chain_hash)
    return _store(session, signer, seq, entry_hash, now)


def stored_signature(session: Session, key_id: str, seq: int, entry_hash: str) -> SignedHead | None:
    """The signature ``key_id`` made of this head, if it made one (a read: nothing is signed)."""
    row = session.scalars(
        select(AuditSignatureRow).where(
            AuditSignatureRow.seq == seq,
            AuditSignatureRow.key_id == key_id,
            AuditSignatureRow.entry_hash == entry_hash,
        )
    ).one_or_none()
    return _signed_head(row) if row is not None else None


def motion_head_seq(session: Session, motion_id: int, entry_hash: str) -> int | None:
    """The entry number of a motion's entry with this hash (its result's ``audit_head``)."""
    return session.scalar(
        select(AuditEntryRow.seq).where(
            AuditEntryRow.motion_id == motion_id, AuditEntryRow.entry_hash == entry_hash
        )
    )


def _store(
    session: Session, signer: HeadSigner, seq: int, entry_hash: str, now: datetime
) -> SignedHead:
    """Sign and store the head unless ``signer`` signed entry ``seq`` before; the stored one."""
    signed = signer.sign(seq, entry_hash, now)
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
            AuditSignatureRow.seq == seq, AuditSignatureRow.key_id == signer.key_id
        )
    ).one()
    if stored.entry_hash != entry_hash:
        raise HeadForked(seq, stored.entry_hash, entry_hash)
    return _signed_head(stored)


def signed_heads(session: Session, up_to: int | None = None) -> list[SignedHead]:
    """Every stored signature, in chain order (those of heads up to entry ``up_to``)."""
    query = select(AuditSignatureRow).order_by(AuditSignatureRow.seq, AuditSignatureRow.id)
    if up_to is not None:
        query = query.where(AuditSignatureRow.seq <= up_to)
    return [_signed_head(row) for row in session.scalars(query)]


def _signed_head(row: AuditSignatureRow) -> SignedHead:
    return SignedHead(row.seq, row.entry_hash, row.key_id, row.signature, row.signed_at)
