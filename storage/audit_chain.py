"""The audit chain's arithmetic, with no database: canonical JSON, entry hashes and verification.

``entry_hash = HMAC-SHA256(key, prev_hash ‖ seq ‖ body)`` where ``prev_hash`` is the previous
entry's 32 raw bytes (32 zero bytes before the first entry), ``seq`` is the entry's sequence
number as 8 bytes big-endian, and ``body`` is the entry's canonical JSON (sorted keys, no
whitespace, UTF-8). Hashes are written as lowercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(key: bytes, prev_hash: str, seq: int, body: str) -> str:
    message = bytes.fromhex(prev_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Entry:
    """An audit entry as stored."""

    seq: int
    prev_hash: str
    entry_hash: str
    body: str


class Breakage(StrEnum):
    CONTENT_CHANGED = "content changed"
    ENTRY_MISSING = "entry missing"
    ORDER_CHANGED = "order changed"
    SHORTER_THAN_HEAD = "chain shorter than a published head"


@dataclass(frozen=True)
class Break:
    """The first entry where the chain stops being what was written."""

    seq: int
    how: Breakage
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.how.value} ({self.detail})"


@dataclass(frozen=True)
class Verified:
    """An intact chain: how long it is and where it ends."""

    length: int
    head: str


def verify(
    entries: Iterable[Entry], key: bytes, published_head: str | None = None
) -> Verified | Break:
    """Walk the chain from the first entry; report the first break, or the verified head.

    ``published_head`` is a hash people saw earlier (e.g. in a result message); a chain that no
    longer contains it has lost its tail.
    """
    chain = list(entries)
    known = {e.entry_hash: e.seq for e in chain}
    expected_seq, expected_prev = 1, GENESIS
    for index, entry in enumerate(chain):
        if entry.seq > expected_seq:
            return Break(
                expected_seq,
                Breakage.ENTRY_MISSING,
                f"sequence jumps from {expected_seq - 1} to {entry.seq}",
            )
        if entry.seq < expected_seq:
            return Break(
                entry.seq,
                Breakage.ORDER_CHANGED,
                f"seq {entry.seq} appears after {expected_seq - 1}",
            )
        if entry.prev_hash != expected_prev:
            return _broken_link(key, entry, chain[index + 1 :], known, expected_prev)
        if entry_hash(key, entry.prev_hash, entry.seq, entry.body) != entry.entry_hash:
            return Break(entry.seq, Breakage.CONTENT_CHANGED, "its hash no longer matches its body")
        expected_seq, expected_prev = entry.seq + 1, entry.entry_hash
    if published_head is not None and published_head not in known:
        return Break(
            expected_seq,
            Breakage.SHORTER_THAN_HEAD,
            f"published head {published_head[:16]}… is not in the chain, "
            f"which ends at entry {expected_seq - 1}",
        )
    return Verified(len(chain), expected_prev)


def _broken_link(
    key: bytes, entry: Entry, later: list[Entry], known: Mapping[str, int], expected_prev: str
) -> Break:
    """Why ``entry`` does not follow the entry before it."""
    if entry.prev_hash in known and known[entry.prev_hash] >= entry.seq:
        return Break(
            entry.seq,
            Breakage.ORDER_CHANGED,
            f"it follows entry {known[entry.prev_hash]}, which now comes after it",
        )
    if any(e.prev_hash == expected_prev for e in later):
        return Break(
            entry.seq, Breakage.ORDER_CHANGED, "the entry that follows its predecessor is later"
        )
    authentic = entry_hash(key, entry.prev_hash, entry.seq, entry.body) == entry.entry_hash
    if authentic and entry.prev_hash not in known:
        return Break(entry.seq, Breakage.ENTRY_MISSING, "the entry it follows is not in the chain")
    return Break(entry.seq, Breakage.CONTENT_CHANGED, "its link to the previous entry was altered")
