"""Reading a tampered table without tripping over it: a value that no longer parses as what its
column should hold is kept as its raw text, so it is compared (and named) like any other. A
table compared row by row is streamed (:func:`rows`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

_RATIO = re.compile(r"([0-9]{1,40})(?:/([0-9]{1,40}))?")


@lru_cache(maxsize=1 << 16)
def _exact_text(text: str) -> Fraction:
    match = _RATIO.fullmatch(text)
    if match is None:
        return Fraction(text)
    numerator, denominator = match.groups()
    return Fraction(int(numerator), int(denominator or 1))


def exact(value: Any) -> Fraction:
    """``Fraction(value)``, faster: a register's shares repeat motion after motion, so a text is
    parsed once (a plain ``p/q`` without the general parser). Raises as ``Fraction`` does."""
    return _exact_text(value) if isinstance(value, str) else Fraction(value)


def rational(text: str) -> Fraction | str:
    try:
        return exact(text)
    except (ValueError, ZeroDivisionError, TypeError):
        return text


def document(text: str | None) -> Any:
    """A JSON column's value, or its raw text when it is not JSON any more.

    Only compared, never changed: a short text (a list of representatives, repeated in every
    motion's electorate) is parsed once and the same value shared.
    """
    if text is None:
        return None
    if len(text) <= _SHARED_DOCUMENT:
        return _short_document(text)
    return _document(text)


_SHARED_DOCUMENT = 200


def _document(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


_short_document = lru_cache(maxsize=1 << 16)(_document)


#: Rows fetched at a time when a table is streamed row by row.
BATCH = 1000


def rows(session: Session, query: Select[Any]) -> Iterator[Any]:
    """A query's rows, streamed in batches (the tables may hold far more than memory wants)."""
    yield from session.execute(query.execution_options(yield_per=BATCH))
