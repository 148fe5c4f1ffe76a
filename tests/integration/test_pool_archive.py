"""``export pool`` → ``audit check`` → ``import pool`` → verified, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import Storage
from bot.cli.app import app
from migrations.runner import current_revision, head_revision
from storage.engines import make_engine
from storage.pool_archive import _rows, tables
from tests.integration.conftest import AUDIT_KEY, SIGNING_ENV
from tests.integration.record_pool import build_record_pool
from tests.postgres import PostgresServer

ENV = {**SIGNING_ENV, "POOLGOV_AUDIT_KEY": AUDIT_KEY.decode()}


def poolgov(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False)


def dump(url: str) -> dict[str, list[dict[str, object]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: _rows(connection, table) for table in tables()}
    finally:
        engine.dispose()


@pytest.fixture
def fresh_url(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second database of the same engine, with no tables at all."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    yield server.url(name)
    server.drop(name)


def test_a_pool_exported_imported_into_a_fresh_database_verifies_and_is_the_same(
    runtime: Storage, database_url: str, fresh_url: str, tmp_path: Path
) -> None:
    build_record_pool(runtime)
    archive = tmp_path / "archive"

    exported = poolgov("export", "pool", archive, "--database-url", database_url)
    assert exported.exit_code == 0, exported.output
    names = {p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file()}
    assert {"pool.json", "audit.jsonl", "heads.json", "keys.json", "charters/v1.yaml"} <= names
    assert {f"tables/{t.name}.jsonl" for t in tables()} <= names
    manifest = json.loads((archive / "pool.json").read_text())
    assert manifest["rows"]["complaints"] >= 1
    assert manifest["rows"]["meeting_attendance"] >= 1
    # complaints stay sealed: their content is not in the archive in clear
    assert (
        "The operator counts decoders twice"
        not in (archive / "tables/complaints.jsonl").read_text()
    )

    checked = poolgov("audit", "check", archive)
    assert checked.exit_code == 0, checked.output
    assert "covers the chain" in checked.output
    assert "export verified" in checked.output

    before = dump(database_url)
    restored = poolgov("import", "pool", archive, "--database-url", fresh_url)
    assert restored.exit_code == 0, restored.output
    assert "audit chain intact" in restored.output
    assert current_revision(fresh_url) == head_revision()
    assert dump(fresh_url) == before  # every row of every table, as it was

    again = poolgov("import", "pool", archive, "--database-url", fresh_url)
    assert again.exit_code == 2
    assert "not empty" in again.output

    verified = poolgov("audit", "verify", "--database-url", fresh_url)
    assert verified.exit_code == 0, verified.output


@pytest.mark.parametrize("engine_name", ["sqlite"])  # the files alone are at stake
def test_a_changed_archive_fails_the_check_and_is_not_restored(
    runtime: Storage, database_url: str, tmp_path: Path
) -> None:
    build_record_pool(runtime)
    archive = tmp_path / "archive"
    assert poolgov("export", "pool", archive, "--database-url", database_url).exit_code == 0
    ballots = archive / "tables" / "ballots.jsonl"
    ballots.write_text(ballots.read_text().replace('"choice": "no"', '"choice": "yes"', 1))

    checked = poolgov("audit", "check", archive)
    assert checked.exit_code == 1
    assert "tables/ballots.jsonl: differs from what pool.json lists" in checked.output

    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    refused = poolgov("import", "pool", archive, "--database-url", elsewhere)
    assert refused.exit_code == 2
    assert "not as exported" in refused.output
