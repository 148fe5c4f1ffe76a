"""Rows to rules and back: motion rules and register entries as JSON, fractions as ``"p/q"``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from governance.rules_record import rules_from_dict, rules_to_dict
from storage.audit.chain import canonical_json

__all__ = ["dumps", "loads", "rules_from_dict", "rules_to_dict"]


def dumps(value: Mapping[str, Any]) -> str:
    """Canonical JSON: what the database keeps is exactly what was meant, byte for byte."""
    return canonical_json(value)


def loads(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError("expected a JSON object")
    return value
