"""Whether a motion's charter version allows proxies, read once per version."""

from __future__ import annotations

import threading

from bot.runtime import Runtime
from governance.services import queries

_ALLOWED: dict[tuple[int, int], bool] = {}
_LOCK = threading.Lock()


def proxies_allowed(rt: Runtime, charter_version: int) -> bool:
    """``proxies.allowed`` in the charter version a motion was opened under."""
    key = (id(rt), charter_version)
    known = _ALLOWED.get(key)
    if known is not None:
        return known
    in_force = queries.charter_in_force(rt.reader(), rt.parse)
    allowed = in_force.charter.proxies.allowed
    if in_force.record.version == charter_version:
        with _LOCK:
            if len(_ALLOWED) > 256:
                _ALLOWED.clear()
            _ALLOWED[key] = allowed
    return allowed
