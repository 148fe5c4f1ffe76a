"""A register filled in bulk by init is analysed once init commits (storage.statistics), so the
first burst of ballots is planned from its real size; SQLite is left without statistics."""

from __future__ import annotations

from sqlalchemy import text

from bot.bootstrap import Storage
from governance.commands import InitialisePool
from governance.services import initialise_pool
from tests.integration.charters import charter_text
from tests.integration.conftest import NOW

MEMBERS = 40


def test_init_leaves_the_register_analysed_on_postgresql_and_sqlite_as_it_was(
    runtime: Storage,
) -> None:
    initialise_pool(
        InitialisePool(charter_text(MEMBERS)), runtime.uow(), NOW, runtime.parse_charter
    )
    with runtime.engine.connect() as connection:
        if runtime.engine.dialect.name == "postgresql":
            # reltuples is -1 until a table is first analysed (or vacuumed)
            tuples: dict[str, float] = dict(
                connection.execute(
                    text(
                        "SELECT relname, reltuples FROM pg_class "
                        "WHERE relname IN ('members', 'representatives')"
                    )
                ).all()
            )
            assert tuples == {"members": MEMBERS, "representatives": 2 * MEMBERS}
        else:
            found = connection.execute(
                text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            ).all()
            assert found == []
