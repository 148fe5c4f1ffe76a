"""Alembic configured in code: upgrade, downgrade, stamp and inspect a database by URL.

Every change of revision runs under one database-wide lock (:func:`migration_lock`): on
PostgreSQL a session advisory lock, so that replicas starting together against a database one
revision behind upgrade it once (the others wait, then find it at head); on SQLite the write lock
the migration's ``BEGIN IMMEDIATE`` takes does the same for processes sharing the file.

Alembic is imported only when a revision changes or the history is walked: a server started on a
database already at head reads the head from the revision files (:func:`head_revision`) and the
database's revision with one query, and never holds Alembic's modules (several MiB) at idle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from storage.engines import WRITE, make_engine
from storage.findings import Finding, FindingError

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
VERSIONS = HERE / "versions"

#: An arbitrary constant naming the schema-migration lock among the server's advisory locks
#: (distinct from the scheduler's, storage.leadership.SCHEDULER_LOCK).
MIGRATION_LOCK = 0x706F6F6C6D6967  # "poolmig"


class DowngradeRefused(FindingError):
    """A revision cannot be undone without losing what the record proves; the finding says why."""


def alembic_config(database_url: str) -> Config:
    """A config pointing at this package; the URL travels as an attribute (no ``%`` escaping)."""
    from alembic.config import Config

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
    order (none when another process had already upgraded the database while this one waited,
    or when it is at head already: then Alembic is not even imported)."""
    if revision == "head" and current_revision(database_url) == head_revision():
        return []
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

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
    from alembic import command

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
    from alembic.script import ScriptDirectory

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
    from alembic import command
    from alembic.script import ScriptDirectory

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
            Finding(
                "the audit chain holds {count} scheme-2 entries, which revisions before "
                "{revision} cannot verify; restore a backup taken before the upgrade instead",
                count=newer,
                revision=SCHEME_TWO_REVISION,
            )
        )


def head_revision() -> str | None:
    """The revision no other revises, read from the revision files' ``revision`` and
    ``down_revision`` assignments (as Alembic reads them, without importing them or Alembic)."""
    return _head_of(VERSIONS)


@lru_cache(maxsize=4)
def _head_of(versions: Path) -> str | None:
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        values = _assignments(path)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        down = values.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list):
            revised.update(d for d in down if isinstance(d, str))
    heads = revisions - revised
    if len(heads) != 1:  # none, or a branched history: Alembic's own answer, with its errors
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(alembic_config("sqlite:///unused.db")).get_current_head()
    return heads.pop()


def _assignments(path: Path) -> dict[str, object]:
    """The module-level ``name = literal`` (or ``name: type = literal``) assignments of a file."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                continue
    return found


def current_revision(database_url: str) -> str | None:
    """The database's revision (None before the first migration), read with plain SQL."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return None if revision is None else str(revision)
    finally:
        engine.dispose()
