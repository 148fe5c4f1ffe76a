"""The tamper suite, generated: every column of every table ``audit verify`` compares, changed.

:mod:`tests.integration.test_record_verify` names its cases by hand. Here the cases come from the
schema itself: for each compared table and each of its columns (surrogate ``id`` keys aside), the
first row's value is changed to another value of the column's type, in a transaction that is
rolled back, and ``verify_database`` must report a finding on that table, naming the column (or
the whole row, when the column is part of the row's natural key). A change the database itself
refuses (a foreign key, a check constraint) cannot reach the record, and is counted apart.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Boolean, Column, Date, Integer, Table, select, update
from sqlalchemy.exc import IntegrityError

from bot.bootstrap import Storage
from storage.audit.verify import Checked, verify_database
from storage.tables import Base
from storage.types import UtcDateTime
from tests.integration.conftest import AUDIT_KEY
from tests.integration.record_pool import build_record_pool
from tests.integration.test_record_verify import TABLES

# Columns whose values a CHECK constraint limits: the change picks another allowed value.
ALLOWED = {
    "choice": ("yes", "no", "abstain"),
    "state": ("open", "carried", "failed", "no_quorum", "withdrawn"),
}


def changed(column: Column[Any], value: Any) -> Any:
    """Another value of ``column``'s type than ``value``."""
    if column.name in ALLOWED and isinstance(value, str):
        return next(v for v in ALLOWED[column.name] if v != value)
    if isinstance(column.type, Boolean) or isinstance(value, bool):
        return not value
    if isinstance(column.type, Integer):
        return 1 if value is None else value + 1
    if isinstance(value, datetime):
        return value + timedelta(minutes=7)
    if isinstance(column.type, Date) or isinstance(value, date):
        return (value or date(2027, 1, 1)) + timedelta(days=1)
    if isinstance(value, bytes):  # sealed content: one bit flipped
        return bytes([value[0] ^ 1]) + value[1:]
    if value is None and isinstance(column.type, UtcDateTime):
        return datetime(2027, 1, 1, tzinfo=UTC)
    if value is None:
        return "tampered"
    return _changed_text(value)


def _changed_text(value: str) -> str:
    """A JSON document with its first scalar changed; any other text with its last character
    changed (so it still fits its column)."""
    try:
        document = json.loads(value)
    except ValueError:
        document = None
    if isinstance(document, dict | list) and _change_first_leaf(document):
        return json.dumps(document, sort_keys=True, separators=(",", ":"))
    if not value:
        return "x"
    return value[:-1] + ("7" if value[-1].isdigit() and value[-1] != "7" else "8")


def _change_first_leaf(node: dict[str, Any] | list[Any]) -> bool:
    keys = sorted(node) if isinstance(node, dict) else range(len(node))
    for key in keys:
        leaf = node[key]  # type: ignore[index]
        if isinstance(leaf, dict | list):
            if _change_first_leaf(leaf):
                return True
        elif isinstance(leaf, bool):
            node[key] = not leaf  # type: ignore[index]
            return True
        elif isinstance(leaf, int | float):
            node[key] = leaf + 1  # type: ignore[index]
            return True
        elif isinstance(leaf, str):
            node[key] = leaf[:-1] + ("y" if leaf[-1:] != "y" else "z")  # type: ignore[index]
            return True
    return False


def first_row(pool: Storage, table: Table) -> dict[str, Any] | None:
    with pool.reader() as uow:
        row = uow.session.execute(
            select(table).order_by(*table.primary_key.columns).limit(1)
        ).first()
        return dict(row._mapping) if row is not None else None


def tamper(pool: Storage, table: Table, column: Column[Any], row: dict[str, Any]) -> Checked | None:
    """``verify_database`` with one value changed (rolled back); ``None`` if the database refused
    the change."""
    key = [c == row[c.name] for c in table.primary_key.columns]
    statement = update(table).where(*key).values({column.name: changed(column, row[column.name])})
    with pool.uow() as uow:
        try:
            uow.session.execute(statement)
        except IntegrityError:
            uow.rollback()
            return None
        result = verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter)
        uow.rollback()
    assert isinstance(result, Checked), result
    return result


def names(result: Checked, table: str, column: str) -> bool:
    return any(
        f.table == table and (f.field in (column, "row") or f.field.startswith(f"{column}."))
        for f in result.findings
    )


@pytest.mark.slow
def test_a_change_to_any_column_of_any_compared_table_is_named(runtime: Storage) -> None:
    build_record_pool(runtime)
    missed, tampered, refused = [], 0, []
    for name in TABLES:
        table = Base.metadata.tables[name]
        row = first_row(runtime, table)
        assert row is not None, f"the record pool has no {name} row"
        for column in table.columns:
            if column.name == "id" and column.autoincrement is not False:
                continue  # a surrogate key: the row's natural key names it
            result = tamper(runtime, table, column, row)
            if result is None:
                refused.append(f"{name}.{column.name}")
                continue
            tampered += 1
            if not names(result, name, column.name):
                missed.append((f"{name}.{column.name}", [str(f) for f in result.findings][:3]))
    assert missed == []
    assert tampered >= 60, (tampered, refused)  # most changes reach the tables, not the guards
