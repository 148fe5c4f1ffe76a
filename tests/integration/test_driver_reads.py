"""Large reads from the driver: rows as plain tuples, and instants in the driver's form.

``audit verify`` compares its largest tables as the driver returns them (see
:mod:`storage.driver`), writing each expected instant the way the driver returns it. On SQLite
that is the text SQLAlchemy stored, so :func:`~storage.driver.stored_instant` must write exactly
that text for any aware instant; on PostgreSQL the driver's aware instants compare equal as
they are.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from storage.driver import as_driver_returns, batches, stored_instant, tuples
from storage.engines import make_engine
from storage.types import UtcDateTime

INSTANTS = [
    datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
    datetime(2027, 3, 1, 9, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2027, 1, 5, 8, 30, 15, 250_000, tzinfo=timezone(timedelta(hours=8))),
    datetime(2027, 6, 1, 0, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    datetime(999, 1, 1, tzinfo=UTC),
]


@pytest.fixture
def instants(empty_database_url: str):
    engine = make_engine(empty_database_url)
    metadata = MetaData()
    table = Table(
        "instants", metadata, Column("id", Integer, primary_key=True), Column("at", UtcDateTime())
    )
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [{"id": i, "at": at} for i, at in enumerate(INSTANTS)])
        connection.execute(insert(table), [{"id": len(INSTANTS), "at": None}])
    yield engine, table
    metadata.drop_all(engine)
    engine.dispose()


def test_expected_instants_in_the_drivers_form_equal_the_stored_rows(instants):
    engine, table = instants
    query = select(table.c.id, table.c.at).order_by(table.c.id)
    with engine.connect() as connection:
        stored = list(tuples(connection, query))
        mapped = [tuple(r) for r in connection.execute(query)]
        driver_form = as_driver_returns(connection, query.selected_columns)
    assert mapped == [(i, at.astimezone(UTC)) for i, at in enumerate(INSTANTS)] + [(6, None)]
    assert stored == [driver_form(row) for row in mapped]
    assert stored == [driver_form((i, at)) for i, at in enumerate([*INSTANTS, None])]
    if engine.dialect.name == "sqlite":
        assert stored[3] == (3, "2027-01-05 00:30:15.250000")
        assert all(isinstance(at, str) for _, at in stored[:-1])


def test_an_instant_a_microsecond_off_is_not_in_the_drivers_form(instants):
    engine, table = instants
    query = select(table.c.id, table.c.at).order_by(table.c.id)
    with engine.connect() as connection:
        stored = list(tuples(connection, query))
        driver_form = as_driver_returns(connection, query.selected_columns)
    moved = [(i, at + timedelta(microseconds=1)) for i, at in enumerate(INSTANTS)]
    assert all(driver_form(row) != s for row, s in zip(moved, stored, strict=False))


def test_stored_instant_leaves_anything_but_an_aware_instant_as_it_is():
    naive = datetime(2027, 3, 1, 9, 0)  # noqa: DTZ001
    assert stored_instant(None) is None
    assert stored_instant(naive) is naive
    assert stored_instant("2027-03-01") == "2027-03-01"


def test_rows_come_in_batches_and_a_read_stopped_early_closes_its_cursor(instants):
    engine, table = instants
    query = select(table.c.id).order_by(table.c.id)
    with engine.connect() as connection:
        sizes = [len(part) for part in batches(connection, query, 3)]
        early = tuples(connection, query, 2)
        assert next(early) == (0,)
        early.close()
        again = [row[0] for row in tuples(connection, query, 2)]
    assert sizes == [3, 3, 1]
    assert again == list(range(len(INSTANTS) + 1))
