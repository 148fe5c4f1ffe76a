"""Migrations are the only way the schema is made, and they agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from migrations.runner import current_revision, downgrade, head_revision, upgrade
from storage.engines import make_engine
from storage.tables import Base


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_upgrade_from_empty_to_head_creates_every_table_and_downgrade_removes_them(
    empty_database_url,
):
    assert table_names(empty_database_url) == set()

    upgrade(empty_database_url)
    assert current_revision(empty_database_url) == head_revision()
    assert table_names(empty_database_url) == set(Base.metadata.tables) | {"alembic_version"}

    downgrade(empty_database_url)
    assert current_revision(empty_database_url) is None
    assert table_names(empty_database_url) <= {"alembic_version"}

    upgrade(empty_database_url)  # and back up again: the round trip leaves nothing behind
    assert current_revision(empty_database_url) == head_revision()


def test_models_and_migrations_agree(database_url):
    assert differences(database_url) == []


def test_the_audit_head_row_exists_from_the_first_migration(runtime):
    with runtime.reader() as uow:
        head = uow.audit.head()
    assert (head.seq, head.entry_hash) == (0, "0" * 64)


def test_the_head_read_from_the_revision_files_is_alembics():
    from alembic.script import ScriptDirectory

    from migrations.runner import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite:///unused.db"))
    assert head_revision() == script.get_current_head()


def test_an_upgrade_at_head_applies_nothing_and_a_database_behind_is_upgraded(
    empty_database_url,
):
    assert current_revision(empty_database_url) is None
    applied = upgrade(empty_database_url)
    assert applied[-1] == head_revision()
    assert upgrade(empty_database_url) == []  # at head: read, nothing run
    downgrade(empty_database_url, "0010")
    assert current_revision(empty_database_url) == "0010"
    assert upgrade(empty_database_url) == [head_revision()]
