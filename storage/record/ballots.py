"""Ballots as the chain describes them: one row per ``ballot_cast`` or ``ballot_changed``.

Each entry is a ballot row (cast at the entry's instant, its receipt the start of the entry's
hash); a ``ballot_changed`` supersedes, at its own instant, the member's ballot counted until then.
A ballot stored before receipts grew keeps its shorter receipt (the first 12 hex digits of the same
hash, in groups of four), which is as good as the full one.

A ballot is kept as the row the table holds, a plain tuple in the table's own column order
(:data:`COLUMNS`), in a list in chain order (the order the table numbers its rows), so an intact
table is settled by comparing two lists; the
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

    The rows are a list in chain order, the order the table numbers them: a ballot costs one
    tuple appended, and the ballot it supersedes is found by its place in the list.
    """

    def __init__(self, instant: Callable[[datetime], Any] | None = None) -> None:
        self._instant = _as_it_is if instant is None else _remembered(instant)
        self.in_driver_form = instant is not None
        #: Every ballot as its row reads: (motion, member, seq, *COLUMNS), in chain order.
        self.rows: list[tuple[Any, ...]] = []
        #: An entry's instant as written (its ``at``) in the rows' form: the ballots of a batch
        #: share theirs, so each is read once (:meth:`row_instant`).
        self.written: dict[str, Any] = {}
        self._superseded_by: dict[int, int] = {}  # a ballot's place → the entry superseding it
        self._counted: dict[tuple[int, str], int] = {}  # (motion, member) → its counted place
        self._hashes: dict[int, str] = {}  # a hash its receipt does not spell as written

    def row_instant(self, at: datetime) -> Any:
        """An entry's instant as the rows hold it (the driver's form, when they are in it)."""
        return self._instant(at)

    def cast(self, fact: Fact) -> None:
        seq, entry_hash, _, at, data = fact
        self.ballot(
            seq,
            entry_hash,
            self._instant(at),
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
        at: Any,
        motion_id: int,
        member_id: str,
        choice: Any,
        cast_by: Any,
        request_key: Any,
    ) -> None:
        """The ballot entry ``seq`` records, its data already read (by :meth:`cast`, or by
        :func:`match_plain_ballot` straight from its body) and its instant ``at`` in the rows'
        form (:meth:`row_instant`)."""
        rows = self.rows
        place = len(rows)
        counted = (motion_id, member_id)
        previous = self._counted.get(counted)
        if previous is not None:
            row = rows[previous]
            rows[previous] = (*row[:_SUPERSEDED], at, *row[_SUPERSEDED + 1 :])
            self._superseded_by[previous] = seq
        h = entry_hash  # its receipt: receipt_for(h), without a loop for a lowercase hash
        if _INLINE_RECEIPTS and len(h) >= 20 and h.islower():
            # No upper case in the hash: its receipt spells its first 12 digits as written.
            receipt = f"{h[0:4]}-{h[4:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}"
        else:
            receipt = receipt_for(h)
            if not h[:12].islower():
                self._hashes[place] = h
        rows.append((motion_id, member_id, seq, choice, cast_by, at, None, request_key, receipt))
        self._counted[counted] = place

    @property
    def ballots(self) -> dict[BallotKey, Expected]:
        """Each ballot as an expected row, each value with the entry that says it, by its key
        (motion, member, seq)."""
        expected: dict[BallotKey, Expected] = {}
        for place, row in enumerate(self.rows):
            ballot = Expected.of(row[2], **dict(zip(COLUMNS, row[3:], strict=True)))
            if self.in_driver_form:
                for name in ("cast_at", "superseded_at"):
                    ballot.values[name] = instant_from_stored(ballot.values[name])
            if place in self._superseded_by:
                ballot.sources["superseded_at"] = self._superseded_by[place]
            expected[(row[0], row[1], row[2])] = ballot
        return expected

    def short_receipts(self) -> dict[BallotKey, str]:
        """The 12-digit receipt each ballot stored before receipts grew holds, still valid, by
        its key (motion, member, seq)."""
        short: dict[BallotKey, str] = {}
        for place, row in enumerate(self.rows):
            head = self._hashes[place] if place in self._hashes else row[-1].replace("-", "")
            short[(row[0], row[1], row[2])] = f"{head[0:4]}-{head[4:8]}-{head[8:12]}"
        return short
