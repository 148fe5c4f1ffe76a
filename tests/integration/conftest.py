"""Storage fixtures: a migrated database on SQLite and PostgreSQL, and a pool initialised in it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.bootstrap import Storage, build
from governance.commands import InitialisePool
from governance.services import initialise_pool
from tests.integration.charters import charter_text
from tests.postgres import PostgresServer, SqliteTemplate

AUDIT_KEY = b"integration-test-audit-key"
# The urlsafe base64 of a 32-byte Ed25519 seed, as POOLGOV_SIGNING_KEY accepts it.
SIGNING_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode("ascii")
SIGNING_ENV = {"POOLGOV_SIGNING_KEY": SIGNING_KEY}
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_database_url(
    engine_name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A database with no tables at all, on either engine."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'poolgov.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def database_url(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database migrated to the latest revision by Alembic, never by ``create_all`` (a copy of
    one migrated this session: tests/postgres.py)."""
    if engine_name == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        yield template.migrated(tmp_path / "poolgov.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.migrated()
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def runtime(database_url: str) -> Iterator[Storage]:
    with build(database_url, audit_key=AUDIT_KEY) as built:
        yield built


@pytest.fixture
def pool(runtime: Storage) -> Storage:
    """Acme, Beta, Gamma and Delta in a pool whose charter is version 1."""
    initialise_pool(InitialisePool(charter_text(4)), runtime.uow(), NOW, runtime.parse_charter)
    return runtime
