"""Each complaint as its latest ``complaint_*`` entry recorded it: metadata and content digest.

The content is sealed, so the chain holds its SHA-256 and the table's blob must hash to it; the
filer is recorded only for a complaint that is not anonymous. The instants of its steps are those
of the entries that record them (an answer acknowledges an unacknowledged complaint too).
"""

from __future__ import annotations

from storage.record.fact import Fact, instant, number
from storage.record.findings import Expected

_STEPS = {
    "complaint_acknowledged": "acknowledged_at",
    "complaint_answered": "answered_at",
    "complaint_closed": "closed_at",
    "complaint_escalated": "escalated_at",
}  # the entry kind that records each step, and the column holding its instant


class ComplaintReplay:
    def __init__(self) -> None:
        self.complaints: dict[int, Expected] = {}

    def step(self, fact: Fact) -> None:
        data = fact.data
        if "complaint_id" not in data:
            return
        complaint_id = int(data["complaint_id"])
        row = self.complaints.get(complaint_id)
        if row is None:
            row = self.complaints[complaint_id] = Expected(fact.seq)
            row.set(fact.seq, filed_at=fact.at, **dict.fromkeys(_STEPS.values()))
        step = _STEPS.get(fact.kind)
        if step is not None:
            row.set(fact.seq, **{step: fact.at})
        if fact.kind == "complaint_answered" and row.values.get("acknowledged_at") is None:
            row.set(fact.seq, acknowledged_at=fact.at)
        row.set(
            fact.seq,
            category=data["category"],
            status=data["status"],
            anonymous=bool(data["anonymous"]),
            acknowledge_by=instant(data["acknowledge_by"]),
            respond_by=instant(data["respond_by"]),
            escalation_reason=data.get("escalation_reason"),
            motion_id=number(data.get("motion_id")),
            sealed=data["content_sha256"],
            audit_seq=fact.seq,
        )
        if not data["anonymous"]:
            row.set(fact.seq, filed_by=data.get("filed_by"))
