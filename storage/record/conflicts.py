"""The declared conflicts of interest as the chain's ``conflict_declared`` entries describe them."""

from __future__ import annotations

from storage.record.fact import Fact
from storage.record.findings import Expected

DeclarationKey = tuple[int, str]  # motion id, member id


class ConflictReplay:
    def __init__(self) -> None:
        self.declarations: dict[DeclarationKey, Expected] = {}

    def declared(self, fact: Fact) -> None:
        data = fact.data
        row = Expected(fact.seq)
        row.set(
            fact.seq,
            reason=str(data["reason"]),
            declared_by=str(data["by"]),
            declared_at=fact.at,
            by_operator=bool(data["by_operator"]),
            audit_seq=fact.seq,
        )
        self.declarations[(int(data["motion_id"]), str(data["member"]))] = row
