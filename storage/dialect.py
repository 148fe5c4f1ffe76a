"""The one place storage speaks a dialect: ``INSERT … ON CONFLICT DO NOTHING`` on both engines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Result, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_if_absent(
    session: Session,
    table: type[DeclarativeBase],
    values: Mapping[str, Any],
    conflict_on: Sequence[str],
    where: ColumnElement[bool] | None = None,
) -> bool:
    """Insert unless a row already holds the same ``conflict_on`` key; True when inserted.

    On PostgreSQL a conflicting row still in flight in another transaction makes this wait for
    that transaction, then decide: the constraint, not a read beforehand, settles who was first.
    """
    connection = session.connection()
    name = connection.dialect.name
    if name == "postgresql":
        pg = postgresql.insert(table).values(**values)
        statement: Any = pg.on_conflict_do_nothing(index_elements=conflict_on, index_where=where)
    elif name == "sqlite":
        lite = sqlite.insert(table).values(**values)
        statement = lite.on_conflict_do_nothing(index_elements=conflict_on, index_where=where)
    else:
        raise NotImplementedError(f"poolgov supports SQLite and PostgreSQL, not {name}")
    return affected(connection.execute(statement.returning(literal_column("1")))) == 1


def affected(result: Result[Any]) -> int:
    """How many rows a statement with RETURNING touched (rowcount is unreliable across drivers)."""
    return len(result.all())
