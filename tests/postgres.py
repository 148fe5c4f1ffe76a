"""Throwaway PostgreSQL databases for one test run, each migrated by Alembic."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

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
