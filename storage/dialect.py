"""The one place storage speaks a dialect: ``INSERT … ON CONFLICT DO NOTHING`` on both engines."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Result, String, bindparam, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

DIALECTS = ("postgresql", "sqlite")


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
    statement = _on_conflict_do_nothing(connection.dialect.name, table, conflict_on, where)
    return affected(connection.execute(statement.values(**values))) == 1


class InsertIfAbsent:
    """:func:`insert_if_absent` built once, for the hot paths (request keys, ballots).

    Building a SQLAlchemy statement (coercing every column, then computing its cache key) costs
    several times more than running it; a burst of ballots runs the same few statements hundreds
    of times a second. The values travel as parameters, so the compiled form is cached once.
    """

    def __init__(
        self,
        table: type[DeclarativeBase],
        conflict_on: Sequence[str],
        where: ColumnElement[bool] | None = None,
    ) -> None:
        self._statements = {
            name: _on_conflict_do_nothing(name, table, conflict_on, where) for name in DIALECTS
        }
        self._table, self._conflict_on, self._where = table, conflict_on, where
        self._unnested: dict[tuple[tuple[str, ...], str], Any] = {}

    def __call__(self, session: Session, values: Mapping[str, Any]) -> bool:
        return self.all(session, [values])

    def all(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> bool:
        """Insert every row in one statement; True when none of them was already there."""
        if not rows:
            return True
        connection = session.connection()
        statement = self._statements.get(connection.dialect.name)
        if statement is None:
            raise _unsupported(connection.dialect.name)
        if len(rows) > 1 and connection.dialect.name == "postgresql":
            columns = tuple(rows[0])
            arrays = {f"{c}__all": [row[c] for row in rows] for c in columns}
            result = connection.execute(self.unnested(columns), arrays)
            return affected(result) == len(rows)
        parameters = [dict(row) for row in rows]
        result = connection.execute(statement, parameters[0] if len(rows) == 1 else parameters)
        return affected(result) == len(rows)

    def unnested(self, columns: tuple[str, ...], prefix: str = "") -> Any:
        """PostgreSQL: the rows as one array per column, ``INSERT … SELECT unnest(…)``, each
        column's array the parameter ``{prefix}{column}__all``; built once. The text is the same
        for any number of rows, so psycopg converts it once and prepares it (a multi-row
        ``VALUES`` is a new text of hundreds of parameters for every batch size, which psycopg
        never caches)."""
        statement = self._unnested.get((columns, prefix))
        if statement is None:
            table = self._table.__table__
            arrays = [
                func.unnest(bindparam(f"{prefix}{c}__all", type_=array_of(table.c[c])))
                for c in columns
            ]
            statement = (
                postgresql.insert(self._table)
                .from_select(list(columns), select(*arrays))
                .on_conflict_do_nothing(index_elements=self._conflict_on, index_where=self._where)
                .returning(literal_column("1"))
            )
            self._unnested[(columns, prefix)] = statement
        return statement


def array_of(column: Any) -> Any:
    """The type of an array parameter of ``column``'s values (see :func:`_element`)."""
    return postgresql.ARRAY(_element(column))


def _element(column: Any) -> Any:
    """An array element's type: a string without its length, so that a value too long for the
    column fails on insert as a multi-row ``VALUES`` would (a cast to ``VARCHAR(n)[]`` would cut
    it short without a word)."""
    return String() if isinstance(column.type, String) else column.type


def _on_conflict_do_nothing(
    name: str,
    table: type[DeclarativeBase],
    conflict_on: Sequence[str],
    where: ColumnElement[bool] | None,
) -> Any:
    if name == "postgresql":
        pg = postgresql.insert(table)
        statement: Any = pg.on_conflict_do_nothing(index_elements=conflict_on, index_where=where)
    elif name == "sqlite":
        lite = sqlite.insert(table)
        statement = lite.on_conflict_do_nothing(index_elements=conflict_on, index_where=where)
    else:
        raise _unsupported(name)
    return statement.returning(literal_column("1"))


def _unsupported(name: str) -> NotImplementedError:
    return NotImplementedError(f"poolgov supports SQLite and PostgreSQL, not {name}")


def affected(result: Result[Any]) -> int:
    """How many rows a statement with RETURNING touched (rowcount is unreliable across drivers)."""
    return len(result.all())


def padded(values: Collection[str]) -> list[str]:
    """``values`` sorted, without repeats, then padded to a power of two (at least 8) by
    repeating the last one, for an expanding ``IN``: the match is the same, and a burst's
    batches of any size share a few statement texts. psycopg converts each new text afresh
    (about a millisecond) and prepares only a text it has seen before."""
    found = sorted(set(values))
    if not found:
        return found
    size = 8
    while size < len(found):
        size *= 2
    return found + [found[-1]] * (size - len(found))
