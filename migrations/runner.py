"""Alembic configured in code: upgrade, downgrade and inspect a database by URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.engines import make_engine

HERE = Path(__file__).resolve().parent


class DowngradeRefused(Exception):
    """A revision cannot be undone without losing what the record proves."""


def alembic_config(database_url: str) -> Config:
    """A config pointing at this package; the URL travels as an attribute (no ``%`` escaping)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


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
    command.downgrade(config, revision)


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
