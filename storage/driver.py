"""Large reads as plain tuples from the database driver, for ``audit verify``.

Reading a whole table through SQLAlchemy builds a row object per row and runs every column's
result processor (for an instant: parse the text, then make it aware). ``audit verify`` reads
the chain and its largest tables whole, so it asks the driver for the rows as they come: a tuple
per row, each value as the driver returns it. On PostgreSQL a server-side cursor streams them
:data:`BATCH` rows at a time; on SQLite the cursor steps through the table as it is read.

What the driver returns differs from what the mapped columns give in one way that matters here:
SQLite hands back an instant as the text SQLAlchemy stored (``2027-03-01 09:00:00.000000``, UTC
wall clock), where the column gives an aware ``datetime``. :func:`stored_instant` writes an
instant that way, so expected values can be put in the driver's form instead of every stored
value being parsed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection
from sqlalchemy.sql import ClauseElement

from storage.types import UtcDateTime

#: Rows fetched at a time.
BATCH = 5000

_names = itertools.count(1)


def batches(
    connection: Connection, query: ClauseElement | str, size: int = BATCH
) -> Generator[list[tuple[Any, ...]], None, None]:
    """The rows of ``query`` (a statement whose only parameters are literal values, integers
    written into its text, or its SQL text) in lists of at most ``size`` tuples, as the driver
    returns them; the cursor is closed when the reading stops, at the end or early."""
    if isinstance(query, str):
        sql = query
    else:
        compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        sql = str(compiled)
    driver: Any = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        cursor = driver.cursor(name=f"poolgov_read_{next(_names)}")
        cursor.itersize = size
    else:
        cursor = driver.cursor()
    try:
        cursor.execute(sql)
        while part := cursor.fetchmany(size):
            yield part
    finally:
        cursor.close()


def tuples(
    connection: Connection, query: ClauseElement | str, size: int = BATCH
) -> Generator[Any, None, None]:
    """The rows of ``query`` one tuple at a time (see :func:`batches`)."""
    parts = batches(connection, query, size)
    try:
        for part in parts:
            yield from part
    finally:
        parts.close()


Row = tuple[Any, ...]


def as_driver_returns(
    connection: Connection, columns: Iterable[ColumnElement[Any]]
) -> Callable[[Row], Row]:
    """A function that writes a row of values for ``columns`` (aware instants, as the mapped
    columns give them) the way the driver returns them: on SQLite each instant becomes its
    stored text; on PostgreSQL, whose driver returns aware instants, a row is left as it is."""
    places = [i for i, c in enumerate(columns) if isinstance(c.type, UtcDateTime)]
    if connection.dialect.name != "sqlite" or not places:
        return unchanged
    texts: dict[datetime, str] = {}  # instants repeat (a ballot's cast_at supersedes another)

    def text(value: Any) -> Any:
        if value is None:
            return None
        written = texts.get(value)
        if written is None:
            written = texts[value] = stored_instant(value)
        return written

    if len(places) == 1:
        (i,) = places
        return lambda row: (*row[:i], text(row[i]), *row[i + 1 :])
    if len(places) == 2:
        i, j = places
        return lambda row: (*row[:i], text(row[i]), *row[i + 1 : j], text(row[j]), *row[j + 1 :])

    def stored(row: Row) -> Row:
        values = list(row)
        for i in places:
            values[i] = text(values[i])
        return tuple(values)

    return stored


def unchanged(row: Row) -> Row:
    """The row as it is: what :func:`as_driver_returns` gives when the driver's form is the
    mapped columns' own (a caller may test for it and skip the call)."""
    return row


def stored_instant(value: Any) -> Any:
    """An aware instant as SQLite holds it: the UTC wall clock, to the microsecond (anything
    else, ``None`` included, is left as it is)."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        return value
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:-6]  # less its "+00:00"


def instant_from_stored(value: Any) -> Any:
    """An instant :func:`stored_instant` wrote, as the aware UTC instant it is (``None`` stays
    ``None``)."""
    if not isinstance(value, str):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)
