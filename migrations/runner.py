"""Alembic configured in code: upgrade, downgrade, stamp and inspect a database by URL.

Every change of revision runs under one database-wide lock (:func:`migration_lock`): on
PostgreSQL a session advisory lock, so that replicas starting together against a database one
revision behind upgrade it once (the others wait, then find it at head); on SQLite the write lock
the migration's ``BEGIN IMMEDIATE`` takes does the same for processes sharing the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from storage.engines import WRITE, make_engine

HERE = Path(__file__).resolve().parent

#: An arbitrary constant naming the schema-migration lock among the server's advisory locks
#: (distinct from the scheduler's, storage.leadership.SCHEDULER_LOCK).
MIGRATION_LOCK = 0x706F6F6C6D6967  # "poolmig"


class DowngradeRefused(Exception):
    """A revision cannot be undone without losing what the record proves."""


def alembic_config(database_url: str) -> Config:
    """A config pointing at this package; the URL travels as an attribute (no ``%`` escaping)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["database_url"] = database_url
    return config


@contextmanager
def migration_lock(database_url: str) -> Iterator[Connection]:
    """A connection that holds the migration lock until the block ends; Alembic runs on it.

    On PostgreSQL ``pg_advisory_lock`` waits for any other process migrating the same database.
    """
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name != "postgresql":
                yield connection.execution_options(**{WRITE: True})
                return
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
            try:
                yield connection
            finally:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


def _locked_config(database_url: str, connection: Connection) -> Config:
    config = alembic_config(database_url)
    config.attributes["connection"] = connection
    return config


def upgrade(database_url: str, revision: str = "head") -> list[str]:
    """Migrate up to ``revision`` under the migration lock; the revisions this call applied, in
    order (none when another process had already upgraded the database while this one waited)."""
    with migration_lock(database_url) as connection:
        config = _locked_config(database_url, connection)
        before = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
    if before == after:
        return []
    script = ScriptDirectory.from_config(alembic_config(database_url))
    applied = [step.revision for step in script.iterate_revisions(after, before)]
    return list(reversed(applied))


def stamp(database_url: str, revision: str) -> None:
    """Record ``revision`` as the schema's without running any migration (``db stamp``): for a
    database restored or migrated by other means. ``base`` forgets the revision."""
    with migration_lock(database_url) as connection:
        command.stamp(_locked_config(database_url, connection), revision, purge=True)


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    doc: str
    is_head: bool


def history() -> list[Revision]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite:///unused.db"))
    heads = set(script.get_heads())
    found = []
    for step in script.walk_revisions():
        down = step.down_revision
        found.append(
            Revision(
                revision=step.revision,
                down_revision=down if isinstance(down, str) or down is None else ",".join(down),
                doc=(step.doc or "").strip().splitlines()[0] if step.doc else "",
                is_head=step.revision in heads,
            )
        )
    return list(reversed(found))


#: Downgrading through this revision would leave scheme-2 entries that older code cannot verify.
SCHEME_TWO_REVISION = "0005"


def downgrade(database_url: str, revision: str = "base") -> None:
    """Migrate down to ``revision``; refused, before any step runs, when it would pass below the
    revision that brought scheme-2 audit entries while the chain holds some."""
    config = alembic_config(database_url)
    current = current_revision(database_url)
    if current is not None:
        steps = ScriptDirectory.from_config(config).iterate_revisions(current, revision)
        if any(step.revision == SCHEME_TWO_REVISION for step in steps):
            _refuse_if_scheme_two(database_url)
    with migration_lock(database_url) as connection:
        command.downgrade(_locked_config(database_url, connection), revision)


def _refuse_if_scheme_two(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            newer = connection.execute(
                text("SELECT COUNT(*) FROM audit_entries WHERE scheme = 2")
            ).scalar_one()
    finally:
        engine.dispose()
    if newer:
        raise DowngradeRefused(
            f"the audit chain holds {newer} scheme-2 entries, which revisions before "
            f"{SCHEME_TWO_REVISION} cannot verify; restore a backup taken before the upgrade "
            "instead"
        )


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite:///unused.db")).get_current_head()


def current_revision(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
