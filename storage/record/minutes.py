"""The minutes lifecycle as its entries say: each occurrence's review row (circulated, locked
with the text's hash) and each correction with the operator's decision."""

from __future__ import annotations

from storage.record.fact import Fact, instant
from storage.record.findings import Expected

KINDS = (
    "minutes_circulated",
    "minutes_correction_proposed",
    "minutes_correction_decided",
    "minutes_locked",
)


class MinutesReplay:
    def __init__(self) -> None:
        self.reviews: dict[str, Expected] = {}
        self.corrections: dict[int, Expected] = {}

    def step(self, fact: Fact) -> None:
        {
            "minutes_circulated": self._circulated,
            "minutes_correction_proposed": self._proposed,
            "minutes_correction_decided": self._decided,
            "minutes_locked": self._locked,
        }[fact.kind](fact)

    def _circulated(self, fact: Fact) -> None:
        data = fact.data
        row = Expected(fact.seq)
        row.set(
            fact.seq,
            text=str(data["text"]),
            state=str(data["state"]),
            recorded_at=instant(data["recorded_at"]),
            review_closes=instant(data["review_closes"]),
            approved_by=None,
            approved_ref="",
            approved_at=None,
            text_hash="",
            audit_seq=fact.seq,
            audit_hash=fact.entry_hash,
        )
        self.reviews[str(data["occurrence_key"])] = row

    def _locked(self, fact: Fact) -> None:
        data = fact.data
        row = self.reviews[str(data["occurrence_key"])]
        row.set(
            fact.seq,
            state=str(data["state"]),
            review_closes=instant(data["review_closes"]),
            approved_by=str(data["approved_by"]),
            approved_ref=str(data["approved_ref"]),
            approved_at=fact.at,
            text_hash=str(data["text_hash"]),
            audit_seq=fact.seq,
            audit_hash=fact.entry_hash,
        )

    def _proposed(self, fact: Fact) -> None:
        data = fact.data
        self.corrections[int(data["correction"])] = Expected.of(
            fact.seq,
            occurrence_key=str(data["occurrence_key"]),
            proposed_by=str(data["by"]),
            member_id=str(data["member_id"]),
            text=str(data["text"]),
            proposed_at=fact.at,
            state="proposed",
            reason="",
            decided_by="",
            decided_at=None,
            audit_seq=fact.seq,
        )

    def _decided(self, fact: Fact) -> None:
        data = fact.data
        self.corrections[int(data["correction"])].set(
            fact.seq,
            state=str(data["decision"]),
            reason=str(data["reason"]),
            decided_by=str(data["by"]),
            decided_at=fact.at,
        )
