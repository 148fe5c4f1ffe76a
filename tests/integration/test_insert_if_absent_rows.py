"""Many rows inserted unless present, in one statement: the same answer on both engines, and on
PostgreSQL one statement text for any number of rows (arrays, not a VALUES list per size)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError

from bot.bootstrap import Storage
from storage.dialect import InsertIfAbsent
from storage.tables import ProcessedRequestRow

NOW = datetime(2027, 1, 1, 9, 30, 15, 123456, tzinfo=UTC)
INSERT = InsertIfAbsent(ProcessedRequestRow, ["key"])


def rows(*keys: str) -> list[dict[str, object]]:
    return [{"key": k, "processed_at": NOW, "result": f'{{"k": "{k}"}}'} for k in keys]


def test_rows_are_inserted_once_each_and_a_present_one_is_reported(runtime: Storage) -> None:
    texts: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute", lambda *a: texts.append(a[2]))
    with runtime.uow() as uow:
        assert INSERT.all(uow.session, rows("a", "b"))
        assert INSERT.all(uow.session, rows("c", "d", "e", "f", "g"))
        assert not INSERT.all(uow.session, rows("h", "a"))  # "a" is there: one came short
        assert not INSERT.all(uow.session, rows("i", "i"))  # a repeat within the rows
        uow.commit()
    with runtime.reader() as uow:
        stored = uow.session.execute(select(ProcessedRequestRow)).scalars().all()
        assert sorted(r.key for r in stored) == list("abcdefghi")
        assert {r.processed_at for r in stored} == {NOW}
        assert {r.key: r.result for r in stored}["e"] == '{"k": "e"}'
    if runtime.engine.dialect.name == "postgresql":
        inserts = {t for t in texts if t.startswith("INSERT")}
        assert len(inserts) == 1, inserts  # 2, 5 and 2 rows: one text


# Only PostgreSQL holds a VARCHAR to its length; the edge holds SQLite to the same lengths.
@pytest.mark.postgres
@pytest.mark.parametrize("engine_name", ["postgres"])
def test_a_value_too_long_for_its_column_is_refused_not_cut_short(runtime: Storage) -> None:
    with runtime.uow() as uow, pytest.raises(DBAPIError):
        INSERT.all(uow.session, rows("x", "y" * 201))
    with runtime.reader() as uow:
        assert uow.session.execute(select(ProcessedRequestRow.key)).scalars().all() == []
