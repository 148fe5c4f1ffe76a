"""Each complaint as its latest ``complaint_*`` entry recorded it: metadata and content digest.

The content is sealed, so the chain holds its SHA-256 and the table's blob must hash to it; the
filer is recorded only for a complaint that is not anonymous.
"""

from __future__ import annotations

from storage.record.fact import Fact, instant, number
from storage.record.findings import Expected


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
            row.set(fact.seq, filed_at=fact.at)
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
