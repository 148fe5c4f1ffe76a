"""Ballots as the chain describes them: one row per ``ballot_cast`` or ``ballot_changed``.

Each entry is a ballot row (cast at the entry's instant, its receipt the start of the entry's
hash); a ``ballot_changed`` supersedes, at its own instant, the member's ballot counted until then.
A ballot stored before receipts grew keeps its shorter receipt (the first 12 hex digits of the same
hash, in groups of four), which is as good as the full one.
"""

from __future__ import annotations

from governance.services.results import receipt_for
from storage.record.fact import Fact
from storage.record.findings import Expected

BallotKey = tuple[int, str, int]  # motion, member, the seq of the entry that cast it


class BallotReplay:
    def __init__(self) -> None:
        self.ballots: dict[BallotKey, Expected] = {}
        self._counted: dict[tuple[int, str], BallotKey] = {}
        self.short_receipts: dict[BallotKey, str] = {}  # the 12-digit form, still valid

    def cast(self, fact: Fact) -> None:
        data = fact.data
        motion_id, member_id = int(data["motion_id"]), str(data["member_id"])
        previous = self._counted.get((motion_id, member_id))
        if previous is not None:
            self.ballots[previous].set(fact.seq, superseded_at=fact.at)
        key = (motion_id, member_id, fact.seq)
        row = Expected.of(
            fact.seq,
            choice=data["choice"],
            cast_by=data["cast_by"],
            cast_at=fact.at,
            superseded_at=None,
            request_key=data["request_key"],
            receipt=receipt_for(fact.entry_hash),
        )
        self.ballots[key] = row
        head = fact.entry_hash
        self.short_receipts[key] = f"{head[0:4]}-{head[4:8]}-{head[8:12]}"
        self._counted[(motion_id, member_id)] = key
