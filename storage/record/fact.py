"""An audit entry as the replay reads it: seq, hash, kind, instant and data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from storage.audit.chain import ChainEntry

# The C scanner ``json.loads`` ends in, called directly: an entry's body is canonical JSON, one
# document with nothing around it; anything else goes through ``json.loads`` for its verdict.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def body_of(text: str) -> Any:
    """``json.loads(text)``, without its wrappers for the canonical body of every entry."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


_make = tuple.__new__


class Fact(NamedTuple):
    seq: int
    entry_hash: str
    kind: str
    at: datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, entry: ChainEntry) -> Fact:
        body = body_of(entry.body)
        data = body.get("data")
        values = (
            entry.seq,
            entry.entry_hash,
            str(body["kind"]),
            datetime.fromisoformat(body["at"]),
            data if isinstance(data, dict) else {},
        )
        return _make(cls, values)  # what ``cls(*values)`` makes, without its Python ``__new__``


def number(value: Any) -> int | None:
    """A motion or complaint id as entries write it (text or integer) as the row's integer."""
    return None if value is None else int(value)


def instant(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))
