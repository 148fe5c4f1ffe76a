"""What ``poolgov audit verify`` reports about the tables: expected rows, findings and counts.

An :class:`Expected` row is what the chain says a table row holds, field by field, with the seq
of the entry that says each value. A :class:`Finding` names a table, a row (by its natural key), a
field, the chain's value and entry, and the table's value; a row the chain does not explain or a
row the chain records but the table lacks is a finding on the field ``row``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

ROW = "row"  # the field of a finding about a whole row: missing, or explained by no entry
ENTRIES = "audit_entries"  # a finding about an entry itself: its data does not replay
LISTED = 50  # findings kept for the listing; the rest are only counted


def show(value: Any) -> str:
    """A value as a finding prints it."""
    if value is None:
        return "nothing"
    if isinstance(value, Fraction):
        return str(value)  # "3/10", or "7" for a whole number
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class Expected:
    """A row as the chain describes it: each field's value and the seq of the entry saying it."""

    seq: int  # the entry that brought the row into being
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, seq: int, **values: Any) -> Expected:
        """A new row whose every value ``seq`` says (what ``Expected(seq)`` then ``set`` makes)."""
        return cls(seq, values, dict.fromkeys(values, seq))

    def set(self, seq: int, **values: Any) -> None:
        for name, value in values.items():
            self.values[name] = value
            self.sources[name] = seq


@dataclass(frozen=True)
class Finding:
    """One difference between a table and the chain."""

    table: str
    row: str
    field: str
    chain: str  # what the chain says, as shown
    stored: str  # what the table holds, as shown
    seq: int | None  # the entry that says it; None for a row no entry explains

    def __str__(self) -> str:
        where = f"{self.table} [{self.row}]"
        if self.table == ENTRIES:
            return f"entry {self.seq}: its data cannot be replayed ({self.chain})"
        if self.field == ROW and self.seq is None:
            return f"{where}: a row that no entry of the chain explains"
        if self.field == ROW:
            return f"{where}: missing from the table; entry {self.seq} records it"
        return (
            f"{where} {self.field}: the chain says {self.chain} (entry {self.seq}), "
            f"the table holds {self.stored}"
        )


@dataclass
class Findings:
    """Every finding counted, the first :data:`LISTED` kept; rows compared per table."""

    listed: list[Finding] = field(default_factory=list)
    total: int = 0
    compared: dict[str, int] = field(default_factory=dict)
    limit: int = LISTED

    def add(self, finding: Finding) -> None:
        self.total += 1
        if len(self.listed) < self.limit:
            self.listed.append(finding)

    def unreadable(self, seq: int, problem: str) -> None:
        self.add(Finding(ENTRIES, f"entry {seq}", "data", problem, "", seq))

    def count(self, table: str, rows: int = 1) -> None:
        self.compared[table] = self.compared.get(table, 0) + rows

    def compare(
        self,
        table: str,
        expected: Mapping[Any, Expected],
        stored: Any,
        name: Any,
    ) -> None:
        """Compare ``stored`` rows (``(key, values)`` pairs) with ``expected``, keyed alike.

        ``name(key)`` is the row as a finding names it. A stored row whose key the chain does
        not know is unexplained; an expected row no stored row matched is missing.
        """
        seen: set[Any] = set()
        rows = 0
        for key, values in stored:
            rows += 1
            row = expected.get(key)
            if row is None or key in seen:
                self.add(Finding(table, name(key), ROW, "nothing", "a row", None))
                continue
            seen.add(key)
            if values == row.values:  # the usual case, decided in one comparison
                continue
            for column, want in row.values.items():
                got = values.get(column, want)
                if want is not got and want != got:  # named only when it differs
                    self._differences(table, name(key), column, want, got, row.sources[column])
        self.count(table, rows)
        for key, row in expected.items():
            if key not in seen:
                self.add(Finding(table, name(key), ROW, "a row", "nothing", row.seq))

    def _differences(
        self, table: str, row: str, column: str, want: Any, got: Any, seq: int
    ) -> None:
        """One finding per differing leaf: JSON documents are compared key by key."""
        if want == got:
            return
        if isinstance(want, dict) and isinstance(got, dict):
            for key in sorted(set(want) | set(got), key=str):
                self._differences(table, row, f"{column}.{key}", want.get(key), got.get(key), seq)
            return
        self.add(Finding(table, row, column, show(want), show(got), seq))
