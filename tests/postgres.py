"""Throwaway databases for one test run, each migrated by Alembic.

Migrating takes longer than the tests that use a database, so each engine is migrated once per
session (by :func:`migrations.runner.upgrade`, as ``poolgov`` itself would) and every test gets a
copy: on PostgreSQL a ``CREATE DATABASE ... TEMPLATE`` clone, on SQLite a page-for-page backup of
the migrated file (:class:`SqliteTemplate`).
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from migrations.runner import upgrade


@dataclass
class PostgresServer:
    """Creates databases named ``poolgov_test_<run>_<n>`` and drops them all at the end."""

    admin_url: str
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    created: list[str] = field(default_factory=list)
    template: str | None = None

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5)

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"poolgov_test_{self.run}_{len(self.created)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            # WAL_LOG (PostgreSQL 15's default) copies the small template without the two
            # checkpoints FILE_COPY waits for
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as admin:
            admin.execute(statement)
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with self._admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def migrated(self) -> str:
        """A fresh database at the latest revision, cloned from one migrated this session."""
        if self.template is None:
            self.template = self.create()
            upgrade(self.url(self.template))
        return self.create(template=self.template)


@dataclass
class SqliteTemplate:
    """A SQLite file migrated once (in ``directory``), copied for each test that asks."""

    directory: Path
    _template: Path | None = None

    def migrated(self, target: Path) -> str:
        """The URL of ``target``, a new copy of the migrated template."""
        if self._template is None:
            template = self.directory / "template.db"
            upgrade(f"sqlite:///{template}")
            self._template = template
        with (
            closing(sqlite3.connect(self._template)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
        return f"sqlite:///{target}"
