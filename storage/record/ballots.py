"""Ballots as the chain describes them: one row per ``ballot_cast`` or ``ballot_changed``.

Each entry is a ballot row (cast at the entry's instant, its receipt the start of the entry's
hash); a ``ballot_changed`` supersedes, at its own instant, the member's ballot counted until then.
A ballot stored before receipts grew keeps its shorter receipt (the first 12 hex digits of the same
hash, in groups of four), which is as good as the full one.

A ballot is kept as the row the table holds, a plain tuple in the table's own column order
(:data:`COLUMNS`), so an intact table is settled by comparing two lists; the
:class:`~storage.record.findings.Expected` rows that name each difference are built only for a
table that differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from governance.services.results import RECEIPT_LENGTH, receipt_for
from storage.driver import instant_from_stored
from storage.record.fact import Fact
from storage.record.findings import Expected

BallotKey = tuple[int, str, int]  # motion, member, the seq of the entry that cast it

#: A ballot row's columns as compared, after its key (motion, member, seq): the stored order.
COLUMNS = ("choice", "cast_by", "cast_at", "superseded_at", "request_key", "receipt")
_SUPERSEDED = 3 + COLUMNS.index("superseded_at")
_INLINE_RECEIPTS = RECEIPT_LENGTH == 20  # the receipts written inline below: 5 groups of 4


# A ballot entry's body as the chain writes every ballot cast in person: canonical JSON (sorted
# keys, no whitespace) with exactly these fields, each string free of escapes and control
# characters, so its text between the quotes is the value ``json.loads`` would read. A body of
# any other shape (a proxy's ballot, an escaped character, a field more or less) is read by
# ``json.loads`` instead.
_STRING = r'"([^"\\\x00-\x1f]*)"'
_PLAIN_BALLOT = re.compile(
    r'\{"at":'
    + _STRING
    + r',"data":\{"cast_by":'
    + _STRING
    + r',"choice":'
    + _STRING
    + r',"member_id":'
    + _STRING
    + r',"motion_id":"([0-9]+)","replaces_audit_seq":'
    + r'(?:null|0|[1-9][0-9]*),"request_key":'
    + _STRING
    + r'\},"kind":"ballot_(?:cast|changed)"\}'
)
match_plain_ballot = _PLAIN_BALLOT.fullmatch


def _as_it_is(value: datetime) -> Any:
    return value


def _remembered(instant: Callable[[datetime], Any]) -> Callable[[datetime], Any]:
    """``instant``, written once for each instant (the ballots of a batch share theirs)."""
    written: dict[datetime, Any] = {}

    def write(value: datetime) -> Any:
        text = written.get(value)
        if text is None:
            text = written[value] = instant(value)
        return text

    return write


class BallotReplay:
    """Every ballot the chain records, as its row reads.

    ``instant`` writes an instant as the driver returns the table's (see
    :func:`storage.driver.as_driver_returns`), so the rows compare with the table's as they come
    (:attr:`in_driver_form`); :attr:`ballots` gives them back as aware instants.
    """

    def __init__(self, instant: Callable[[datetime], Any] | None = None) -> None:
        self._instant = _as_it_is if instant is None else _remembered(instant)
        self.in_driver_form = instant is not None
        #: Every ballot as its row reads: (motion, member, seq, *COLUMNS), in chain order.
        self.rows: dict[BallotKey, tuple[Any, ...]] = {}
        self._superseded_by: dict[BallotKey, int] = {}  # the entry that superseded a ballot
        self._counted: dict[tuple[int, str], BallotKey] = {}
        self._hashes: dict[BallotKey, str] = {}  # a hash its receipt does not spell as written

    def cast(self, fact: Fact) -> None:
        seq, entry_hash, _, at, data = fact
        self.ballot(
            seq,
            entry_hash,
            at,
            int(data["motion_id"]),
            str(data["member_id"]),
            data["choice"],
            data["cast_by"],
            data["request_key"],
        )

    def ballot(
        self,
        seq: int,
        entry_hash: str,
        at: datetime,
        motion_id: int,
        member_id: str,
        choice: Any,
        cast_by: Any,
        request_key: Any,
    ) -> None:
        """The ballot entry ``seq`` records, its data already read (by :meth:`cast`, or by
        :func:`match_plain_ballot` straight from its body)."""
        rows = self.rows
        at = self._instant(at)
        counted = (motion_id, member_id)
        previous = self._counted.get(counted)
        if previous is not None:
            row = rows[previous]
            rows[previous] = (*row[:_SUPERSEDED], at, *row[_SUPERSEDED + 1 :])
            self._superseded_by[previous] = seq
        key = (motion_id, member_id, seq)
        h = entry_hash  # its receipt: receipt_for(h), without a loop for a lowercase hash
        if _INLINE_RECEIPTS and len(h) >= 20 and h.islower():
            receipt = f"{h[0:4]}-{h[4:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}"
        else:
            receipt = receipt_for(h)
        rows[key] = (
            motion_id,
            member_id,
            seq,
            choice,
            cast_by,
            at,
            None,
            request_key,
            receipt,
        )
        self._counted[counted] = key
        if not entry_hash[:12].islower():
            self._hashes[key] = entry_hash

    @property
    def ballots(self) -> dict[BallotKey, Expected]:
        """Each ballot as an expected row, each value with the entry that says it."""
        expected: dict[BallotKey, Expected] = {}
        for key, row in self.rows.items():
            ballot = Expected.of(key[2], **dict(zip(COLUMNS, row[3:], strict=True)))
            if self.in_driver_form:
                for name in ("cast_at", "superseded_at"):
                    ballot.values[name] = instant_from_stored(ballot.values[name])
            if key in self._superseded_by:
                ballot.sources["superseded_at"] = self._superseded_by[key]
            expected[key] = ballot
        return expected

    def short_receipt(self, key: BallotKey) -> str | None:
        """The 12-digit receipt a ballot stored before receipts grew holds, still valid."""
        row = self.rows.get(key)
        if row is None:
            return None
        head = self._hashes[key] if key in self._hashes else row[-1].replace("-", "")
        return f"{head[0:4]}-{head[4:8]}-{head[8:12]}"
