"""What the audit chain itself says about a motion's ballots, read from its entries alone.

A ballot is a ``ballot_cast`` or ``ballot_changed`` entry; a later ballot entry for the same
motion and member supersedes it. A motion's counted ballots are the last of each member before
its ``motion_closed`` entry. The receipt a member was shown is the start of the entry's hash:
20 hex digits in five groups for scheme-2 entries, 12 in three for the scheme-1 entries written
before 80-bit receipts. This module imports no database code (``poolgov audit check`` uses it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.services.results import OLD_RECEIPT_LENGTH, receipt_for
from storage.audit.chain import SCHEME_HMAC, Entry

BALLOT_KINDS = frozenset({"ballot_cast", "ballot_changed"})
COUNTED = "counted"
SUPERSEDED = "superseded"


class EntryUnreadable(Exception):
    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(seq, reason)
        self.seq, self.reason = seq, reason

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.reason}"


def shown_receipt(entry: Entry) -> str:
    """The receipt code the member was shown for the ballot this entry records."""
    if entry.scheme == SCHEME_HMAC:
        return receipt_for(entry.entry_hash)[: OLD_RECEIPT_LENGTH + 2]  # three groups
    return receipt_for(entry.entry_hash)


def body_of(entry: Entry) -> dict[str, Any]:
    """The entry's ``{"kind", "at", "data"}``; raises :class:`EntryUnreadable` otherwise."""
    try:
        body = json.loads(entry.body)
    except ValueError as error:
        raise EntryUnreadable(entry.seq, f"its body is not JSON ({error})") from None
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise EntryUnreadable(entry.seq, 'its body is not {"kind", "at", "data"}')
    return body


@dataclass(frozen=True)
class ChainBallot:
    """One ballot entry, and whether it is its member's counted ballot for the motion."""

    seq: int
    motion_id: str
    member_id: str
    choice: str
    receipt: str
    status: str  # COUNTED or SUPERSEDED


@dataclass
class MotionOnChain:
    """A motion as its entries record it."""

    motion_id: str
    opened: Mapping[str, Any] | None = None  # the motion_opened entry's data
    closed_seq: int | None = None
    closed: Mapping[str, Any] | None = None  # the motion_closed entry's data
    ballots: list[ChainBallot] = field(default_factory=list)  # in chain order

    def counted(self) -> dict[str, str]:
        """Member → choice of the counted ballots."""
        return {b.member_id: b.choice for b in self.ballots if b.status == COUNTED}


def motions_on_chain(entries: Iterable[Entry]) -> dict[str, MotionOnChain]:
    """Every motion the entries mention, keyed by its id as text."""
    motions: dict[str, MotionOnChain] = {}
    raw: dict[str, list[tuple[Entry, Mapping[str, Any]]]] = {}
    for entry in entries:
        body = body_of(entry)
        data = body["data"]
        if data.get("motion_id") is None:
            continue
        motion_id = str(data["motion_id"])
        motion = motions.setdefault(motion_id, MotionOnChain(motion_id))
        kind = body.get("kind")
        if kind == "motion_opened":
            motion.opened = data
        elif kind == "motion_closed" and motion.closed_seq is None:
            motion.closed_seq, motion.closed = entry.seq, data
        elif kind in BALLOT_KINDS and motion.closed_seq is None:
            if not isinstance(data.get("member_id"), str) or not isinstance(
                data.get("choice"), str
            ):
                raise EntryUnreadable(entry.seq, "a ballot entry without member_id and choice")
            raw.setdefault(motion_id, []).append((entry, data))
    for motion_id, ballots in raw.items():
        last = {data["member_id"]: entry.seq for entry, data in ballots}
        motions[motion_id].ballots = [
            ChainBallot(
                entry.seq,
                motion_id,
                data["member_id"],
                data["choice"],
                shown_receipt(entry),
                COUNTED if last[data["member_id"]] == entry.seq else SUPERSEDED,
            )
            for entry, data in ballots
        ]
    return motions


def motion_on_chain(entries: Iterable[Entry], motion_id: str) -> MotionOnChain:
    return motions_on_chain(entries).get(str(motion_id), MotionOnChain(str(motion_id)))
