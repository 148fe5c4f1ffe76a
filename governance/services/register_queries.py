"""The register as ``poolgov register show`` and ``/pool members`` read it: entries, shares and
when each entry last changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.ports import CharterParser, UnitOfWork
from governance.services.common import current_charter
from governance.services.queries import RegisterEntry
from governance.weights import shares


@dataclass(frozen=True)
class RegisterWithChanges:
    charter_version: int
    entries: tuple[RegisterEntry, ...]
    last_changed: dict[str, datetime]


def register_with_changes(uow: UnitOfWork, parse: CharterParser) -> RegisterWithChanges:
    with uow:
        record, charter = current_charter(uow, parse)
        changed = uow.register.last_changed()
    weights = shares(charter.members, charter.weights)
    entries = tuple(RegisterEntry(m, weights[m.id]) for m in charter.members)
    return RegisterWithChanges(record.version, entries, changed)
