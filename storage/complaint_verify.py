"""``poolgov audit verify`` for complaints: each stored complaint is the state the chain recorded.

The chain records every complaint step with the SHA-256 of the sealed content. A complaint whose
row differs from the latest entry about it (its status, category, sealed bytes…) was altered
outside poolgov; so was a row that names another entry or has none.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit_chain import Break, Breakage, Verified
from storage.audit_log import read_entries
from storage.complaint_repo import mismatch
from storage.tables_complaints import ComplaintRow


def latest_complaint_entries(session: Session) -> dict[str, tuple[int, dict[str, Any]]]:
    """For each complaint id, the last entry recording its state: ``(seq, data)``."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for entry in read_entries(session):
        body = json.loads(entry.body)
        data = body.get("data") or {}
        if str(body.get("kind", "")).startswith("complaint_") and "complaint_id" in data:
            latest[str(data["complaint_id"])] = (entry.seq, data)
    return latest


def verify_complaints(session: Session, chain: Verified) -> Verified | Break:
    """The first complaint row that differs from the chain, as a break at its entry."""
    latest = latest_complaint_entries(session)
    rows = session.scalars(select(ComplaintRow).order_by(ComplaintRow.id)).all()
    for row in rows:
        recorded = latest.get(str(row.id))
        if recorded is None:
            return Break(
                chain.length + 1,
                Breakage.CONTENT_CHANGED,
                f"complaint {row.id} is stored but no entry records it",
            )
        seq, data = recorded
        field = mismatch(row, data)
        if field is None and row.audit_seq != seq:
            field = "audit entry reference"
        if field is not None:
            return Break(
                seq,
                Breakage.CONTENT_CHANGED,
                f"complaint {row.id} as stored differs in its {field} from what this entry holds",
            )
    missing = sorted(set(latest) - {str(row.id) for row in rows}, key=int)
    if missing:
        seq = latest[missing[0]][0]
        return Break(seq, Breakage.CONTENT_CHANGED, f"complaint {missing[0]} was deleted")
    return chain
