"""The bot's signed heads (implements ``bot.runtime.HeadBook``): each call a short transaction.

A closed motion's result is published under its ``audit_head``; :meth:`SqlHeadBook.motion_head`
finds that entry's number and returns the signature of that head, reading a stored one first so
that re-rendering a result writes nothing. :meth:`SqlHeadBook.current_head` signs the head the
chain has reached (the daily witness post). Signing never appends to the chain.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage.audit.signed_heads import (
    EmptyChain,
    motion_head_seq,
    sign_current_head,
    sign_head,
    stored_signature,
)
from storage.audit.signing import HeadSigner, SignedHead
from storage.engines import WRITE


class SqlHeadBook:
    def __init__(self, engine: Engine, signer: HeadSigner) -> None:
        self._engine = engine
        self.signer = signer

    def _session(self, write: bool) -> Session:
        session = Session(self._engine, expire_on_commit=False)
        session.connection(execution_options={WRITE: write})
        return session

    def motion_head(self, motion_id: str, entry_hash: str, now: datetime) -> SignedHead | None:
        """The signature of the head a motion's result names; ``None`` if no entry of that
        motion has that hash (the head is then not one this chain can vouch for)."""
        with self._session(False) as session:
            seq = motion_head_seq(session, int(motion_id), entry_hash)
            if seq is None:
                return None
            known = stored_signature(session, self.signer.key_id, seq, entry_hash)
        if known is not None:
            return known
        with self._session(True) as session:
            signed = sign_head(session, self.signer, seq, entry_hash, now)
            session.commit()
            return signed

    def current_head(self, now: datetime) -> SignedHead | None:
        """The signature of the chain's current head (stored once); ``None`` for an empty chain."""
        with self._session(True) as session:
            try:
                signed = sign_current_head(session, self.signer, now)
            except EmptyChain:
                return None
            session.commit()
            return signed
