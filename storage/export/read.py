"""Reading an export directory back, for ``poolgov audit check``: no database, no secret.

Every file is read strictly; anything unreadable or malformed raises :class:`ExportUnreadable`
naming the file (and the line or item) at fault.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from storage.audit.chain import Entry
from storage.audit.signing import PublicKey, SignedHead
from storage.findings import Finding

FILES = (
    "motion.json",
    "charter.yaml",
    "ballots.csv",
    "result.json",
    "audit.jsonl",
    "heads.json",
    "keys.json",
    "receipts.csv",
)


class ExportUnreadable(Exception):
    """A file of the export (``where``: a name, or a :class:`Finding` naming its line or item)
    cannot be read; ``reason`` says why, a :class:`Finding` when poolgov words it."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(where, reason)
        self.where, self.reason = where, reason

    @property
    def finding(self) -> Finding:
        return Finding("{where}: {reason}", where=self.where, reason=self.reason)

    def __str__(self) -> str:
        return str(self.finding)


@dataclass(frozen=True)
class ExportDirectory:
    """The files of one motion's export, parsed."""

    motion_id: str
    charter_yaml: str
    ballots: list[tuple[int, str, str]]  # (line, member, choice) of ballots.csv
    result: dict[str, Any]
    entries: list[Entry]
    heads: list[SignedHead]
    keys: list[PublicKey]
    receipts_csv: str


def read_export(directory: Path) -> ExportDirectory:
    if not directory.is_dir():
        raise ExportUnreadable(str(directory), Finding("not a directory"))
    texts = {name: _text(directory / name) for name in FILES}
    motion = _json(texts["motion.json"], "motion.json")
    if not isinstance(motion, dict) or "motion_id" not in motion:
        raise ExportUnreadable("motion.json", Finding('expected {{"motion_id": …}}'))
    result = _json(texts["result.json"], "result.json")
    if not isinstance(result, dict):
        raise ExportUnreadable("result.json", Finding("expected a JSON object"))
    return ExportDirectory(
        motion_id=str(motion["motion_id"]),
        charter_yaml=texts["charter.yaml"],
        ballots=_ballots(texts["ballots.csv"]),
        result=result,
        entries=_entries(texts["audit.jsonl"]),
        heads=_heads(texts["heads.json"]),
        keys=_keys(texts["keys.json"]),
        receipts_csv=texts["receipts.csv"],
    )


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportUnreadable(path.name, Finding("missing from the export")) from None
    except UnicodeDecodeError:
        raise ExportUnreadable(path.name, Finding("not UTF-8 text")) from None
    except OSError as error:
        raise ExportUnreadable(
            path.name, Finding("cannot read ({reason})", reason=error.strerror)
        ) from None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise ExportUnreadable(where, Finding("not JSON ({error})", error=error)) from None


def _field(item: Any, name: str, kind: type, where: str) -> Any:
    if not isinstance(item, dict) or not isinstance(item.get(name), kind):
        raise ExportUnreadable(
            where, Finding("expected {name} as {kind}", name=repr(name), kind=kind.__name__)
        )
    return item[name]


def _entries(text: str) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        where = Finding("{file}, line {number}", file="audit.jsonl", number=number)
        item = _json(line, where)
        entries.append(
            Entry(
                seq=_field(item, "seq", int, where),
                prev_hash=_hex(_field(item, "prev_hash", str, where), where),
                entry_hash=_hex(_field(item, "entry_hash", str, where), where),
                body=_field(item, "body", str, where),
                scheme=_field(item, "scheme", int, where),
            )
        )
    if not entries:
        raise ExportUnreadable("audit.jsonl", Finding("holds no entry"))
    return entries


def _hex(value: str, where: str) -> str:
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ExportUnreadable(
            where, Finding("{value} is not a 64-digit lowercase hex hash", value=repr(value[:20]))
        )
    return value


def _heads(text: str) -> list[SignedHead]:
    items = _json(text, "heads.json")
    if not isinstance(items, list):
        raise ExportUnreadable("heads.json", Finding("expected a list of signed heads"))
    heads = []
    for number, item in enumerate(items, 1):
        where = Finding("{file}, head {number}", file="heads.json", number=number)
        try:
            signed_at = datetime.fromisoformat(_field(item, "signed_at", str, where))
        except ValueError:
            raise ExportUnreadable(where, Finding("signed_at is not an ISO instant")) from None
        heads.append(
            SignedHead(
                seq=_field(item, "seq", int, where),
                entry_hash=_field(item, "entry_hash", str, where),
                key_id=_field(item, "key_id", str, where),
                signature=_field(item, "signature", str, where),
                signed_at=signed_at,
            )
        )
    return heads


def _keys(text: str) -> list[PublicKey]:
    items = _json(text, "keys.json")
    if not isinstance(items, list):
        raise ExportUnreadable("keys.json", Finding("expected a list of public keys"))
    keys = []
    for number, item in enumerate(items, 1):
        where = Finding("{file}, key {number}", file="keys.json", number=number)
        keys.append(
            PublicKey(
                key_id=_field(item, "key_id", str, where),
                fingerprint=_field(item, "fingerprint", str, where),
                public_key_pem=_field(item, "public_key_pem", str, where),
            )
        )
    return keys


def _ballots(text: str) -> list[tuple[int, str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or [c.strip() for c in rows[0]] != ["member", "choice"]:
        raise ExportUnreadable("ballots.csv", Finding("the header must be member,choice"))
    ballots = []
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != 2:
            where = Finding("{file}, line {number}", file="ballots.csv", number=number)
            raise ExportUnreadable(where, Finding("expected member,choice"))
        ballots.append((number, row[0].strip(), row[1].strip()))
    return ballots
