"""The audit chain's arithmetic, with no database: canonical JSON, entry hashes and verification.

Every entry records the ``scheme`` its hash was made with; schemes never go down along the chain.

- Scheme 1 (the entries written before signed heads): ``HMAC-SHA256(key, prev ‖ seq ‖ body)``.
  Only the holder of the audit key can check these hashes; without it they are checked for their
  links alone, and reported as such.
- Scheme 2 (every entry written since): ``SHA-256(prev ‖ seq ‖ body)``, which anyone can check.

The ``scheme`` column is not itself hashed, so the switch is recorded in the chain: the migration
that introduced scheme 2 appended a ``chain_scheme_changed`` entry (scheme 2) whose data says how
many keyed entries precede it. A chain with scheme-1 entries must switch to scheme 2 at exactly
that entry; otherwise someone relabelled scheme-2 entries as scheme 1 to hide an edit from anyone
without the key.

``prev`` is the previous entry's hash as 32 raw bytes (32 zero bytes before the first entry;
the first scheme-2 entry follows the last scheme-1 entry), ``seq`` the entry's sequence number as
8 bytes big-endian, and ``body`` the entry's canonical JSON (sorted keys, no whitespace, UTF-8).
Hashes are written as lowercase hex. This module imports no database code: ``poolgov audit
check`` runs it on an export.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

GENESIS = "0" * 64
SCHEME_HMAC = 1
SCHEME_SHA256 = 2
CURRENT_SCHEME = SCHEME_SHA256
SCHEMES = frozenset({SCHEME_HMAC, SCHEME_SHA256})
SCHEME_CHANGED_KIND = "chain_scheme_changed"


def canonical_json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _message(prev_hash: str, seq: int, body: str) -> bytes:
    return bytes.fromhex(prev_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")


def hmac_entry_hash(key: bytes, prev_hash: str, seq: int, body: str) -> str:
    """Scheme 1: the hash needs the audit key."""
    return hmac.new(key, _message(prev_hash, seq, body), hashlib.sha256).hexdigest()


def sha256_entry_hash(prev_hash: str, seq: int, body: str) -> str:
    """Scheme 2: anyone can recompute it."""
    return hashlib.sha256(_message(prev_hash, seq, body)).hexdigest()


@dataclass(frozen=True)
class Entry:
    """An audit entry as stored."""

    seq: int
    prev_hash: str
    entry_hash: str
    body: str
    scheme: int = CURRENT_SCHEME


class ChainEntry(Protocol):
    """What verification reads of an entry: an :class:`Entry`, or a :class:`StoredEntry`."""

    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def entry_hash(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def scheme(self) -> int: ...


class StoredEntry(NamedTuple):
    """An entry as a database row reads, for reading a whole chain: a tuple costs a third of an
    :class:`Entry` to make."""

    seq: int
    prev_hash: str
    entry_hash: str
    body: str
    scheme: int


def expected_hash(entry: ChainEntry, key: bytes | None) -> str | None:
    """What ``entry``'s hash must be, or ``None`` when it cannot be known (scheme 1, no key)."""
    if entry.scheme == SCHEME_SHA256:
        return sha256_entry_hash(entry.prev_hash, entry.seq, entry.body)
    if entry.scheme == SCHEME_HMAC and key is not None:
        return hmac_entry_hash(key, entry.prev_hash, entry.seq, entry.body)
    return None


class Breakage(StrEnum):
    CONTENT_CHANGED = "content changed"
    ENTRY_MISSING = "entry missing"
    ORDER_CHANGED = "order changed"
    SHORTER_THAN_HEAD = "chain shorter than a published head"
    SCHEME_CHANGED = "scheme changed"


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
    """An intact chain: how long it is, where it ends, and how many entries were only linked.

    ``linked_only`` counts the scheme-1 entries checked without the audit key: their links to
    each other hold, but nobody without the key can tell whether their bodies were rewritten.
    """

    length: int
    head: str
    linked_only: int = 0

    def __str__(self) -> str:
        text = f"{self.length} entries, head {self.head}"
        if self.linked_only:
            text += (
                f"; {self.linked_only} scheme-1 entries checked for their links only "
                "(their HMAC needs the audit key)"
            )
        return text


def verify(
    entries: Iterable[ChainEntry], key: bytes | None, published_head: str | None = None
) -> Verified | Break:
    """Walk the chain from the first entry; report the first break, or the verified head.

    ``key`` is the audit key for scheme-1 entries (``None``: check their links only).
    ``published_head`` is a hash people saw earlier (e.g. in a result message); a chain that no
    longer contains it has lost its tail.
    """
    rows = ((e.seq, e.prev_hash, e.entry_hash, e.body, e.scheme) for e in entries)
    return verify_rows(rows, key, published_head)


Row = tuple[int, str, str, str, int]
"""An entry as a plain ``(seq, prev_hash, entry_hash, body, scheme)`` tuple: a database row."""


def verify_rows(
    rows: Iterable[Row], key: bytes | None, published_head: str | None = None
) -> Verified | Break:
    """:func:`verify` of entries given as plain tuples (:data:`Row`), as the driver reads them:
    each field unpacked once, no object made for an entry until a break needs one."""
    # Streamed: only each entry's hash is kept (to name what a broken link points at); the rest
    # of the chain is read into memory only once a link is found broken.
    stream = iter(rows)
    known: dict[str, int] = {}
    sha256, fromhex = hashlib.sha256, bytes.fromhex
    expected_seq, expected_prev, scheme, linked_only = 1, GENESIS, SCHEME_HMAC, 0
    for row in stream:
        seq, prev_hash, entry_hash, body, entry_scheme = row
        known[entry_hash] = seq
        if seq != expected_seq:
            if seq > expected_seq:
                return Break(
                    expected_seq,
                    Breakage.ENTRY_MISSING,
                    f"sequence jumps from {expected_seq - 1} to {seq}",
                )
            return Break(seq, Breakage.ORDER_CHANGED, f"seq {seq} appears after {expected_seq - 1}")
        if entry_scheme != scheme:
            if entry_scheme not in SCHEMES:
                return Break(seq, Breakage.SCHEME_CHANGED, f"unknown scheme {entry_scheme}")
            if entry_scheme < scheme:
                return Break(
                    seq,
                    Breakage.SCHEME_CHANGED,
                    f"scheme {entry_scheme} after scheme {scheme}: schemes never go down",
                )
        if prev_hash != expected_prev:
            later: list[ChainEntry] = [StoredEntry._make(r) for r in stream]
            known.update((e.entry_hash, e.seq) for e in later)
            entry = StoredEntry._make(row)
            return _broken_link(key, entry, later, known, expected_prev)
        if entry_scheme > scheme and seq > 1 and not _records_the_switch(StoredEntry._make(row)):
            return Break(
                seq,
                Breakage.SCHEME_CHANGED,
                f"scheme {entry_scheme} begins here without the chain's record of the switch "
                f"({SCHEME_CHANGED_KIND}): entries were relabelled as scheme {scheme}",
            )
        if entry_scheme == SCHEME_SHA256:  # expected_hash(entry, key), inline for the many
            message = fromhex(prev_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")
            expected: str | None = sha256(message).hexdigest()
        else:
            expected = expected_hash(StoredEntry._make(row), key)
        if expected is None:
            linked_only += 1
        elif expected != entry_hash:
            return Break(seq, Breakage.CONTENT_CHANGED, "its hash no longer matches its body")
        expected_seq, expected_prev, scheme = seq + 1, entry_hash, entry_scheme
    length = expected_seq - 1
    if length and scheme == SCHEME_HMAC:
        return Break(
            expected_seq - 1,
            Breakage.SCHEME_CHANGED,
            f"the chain ends in scheme {SCHEME_HMAC} with no record of the switch to scheme "
            f"{SCHEME_SHA256}, which every chain since has: entries were relabelled",
        )
    if published_head is not None and published_head not in known:
        return Break(
            expected_seq,
            Breakage.SHORTER_THAN_HEAD,
            f"published head {published_head[:16]}… is not in the chain, "
            f"which ends at entry {expected_seq - 1}",
        )
    return Verified(length, expected_prev, linked_only)


def _records_the_switch(entry: ChainEntry) -> bool:
    """Whether ``entry`` is the chain's own record that scheme 2 begins with it."""
    try:
        body = json.loads(entry.body)
        data = body["data"]
        return bool(
            body["kind"] == SCHEME_CHANGED_KIND
            and data["scheme"] == entry.scheme
            and data["keyed_entries"] == entry.seq - 1
        )
    except (ValueError, KeyError, TypeError):
        return False


def scheme_changed_body(keyed_entries: int, at: str) -> str:
    """The body of the entry that records the switch to scheme 2 after ``keyed_entries``."""
    return canonical_json(
        {
            "kind": SCHEME_CHANGED_KIND,
            "at": at,
            "data": {"scheme": SCHEME_SHA256, "keyed_entries": keyed_entries},
        }
    )


def _broken_link(
    key: bytes | None,
    entry: ChainEntry,
    later: list[ChainEntry],
    known: Mapping[str, int],
    expected_prev: str,
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
    expected = expected_hash(entry, key)
    authentic = expected is None or expected == entry.entry_hash
    if authentic and entry.prev_hash not in known:
        return Break(entry.seq, Breakage.ENTRY_MISSING, "the entry it follows is not in the chain")
    return Break(entry.seq, Breakage.CONTENT_CHANGED, "its link to the previous entry was altered")
