"""An audit entry as the replay reads it: seq, hash, kind, instant and data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.audit.chain import Entry


@dataclass(frozen=True)
class Fact:
    seq: int
    entry_hash: str
    kind: str
    at: datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, entry: Entry) -> Fact:
        body = json.loads(entry.body)
        data = body.get("data")
        return cls(
            entry.seq,
            entry.entry_hash,
            str(body["kind"]),
            datetime.fromisoformat(body["at"]),
            data if isinstance(data, dict) else {},
        )


def number(value: Any) -> int | None:
    """A motion or complaint id as entries write it (text or integer) as the row's integer."""
    return None if value is None else int(value)


def instant(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))
