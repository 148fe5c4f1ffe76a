"""The recorded quorum of each meeting occurrence, as its ``attendance_recorded`` entry says."""

from __future__ import annotations

from fractions import Fraction

from storage.record.fact import Fact
from storage.record.findings import Expected


class MeetingReplay:
    def __init__(self) -> None:
        self.attendance: dict[str, Expected] = {}

    def attendance_recorded(self, fact: Fact) -> None:
        data = fact.data
        row = Expected(fact.seq)
        row.set(
            fact.seq,
            recorded_at=fact.at,
            present=list(data["present"]),
            late=list(data.get("late", [])),
            present_weight=Fraction(data["present_weight"]),
            quorum_weight=Fraction(data["quorum_weight"]),
            quorum_met=bool(data["quorum_met"]),
            audit_seq=fact.seq,
            audit_hash=fact.entry_hash,
        )
        self.attendance[str(data["occurrence_key"])] = row
