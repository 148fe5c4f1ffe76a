"""Reading a tampered table without tripping over it: a value that no longer parses as what its
column should hold is kept as its raw text, so it is compared (and named) like any other."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any


def rational(text: str) -> Fraction | str:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError, TypeError):
        return text


def document(text: str | None) -> Any:
    """A JSON column's value, or its raw text when it is not JSON any more."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
