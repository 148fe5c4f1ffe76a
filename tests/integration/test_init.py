"""``poolgov init`` records the charter once; on SQLite it creates an owner-only signing key file,
on PostgreSQL it needs one configured."""

from __future__ import annotations

import stat

from typer.testing import CliRunner

from bot.cli.app import app
from governance.services.queries import charter_in_force, current_register
from storage.audit.signing import HeadSigner
from storage.audit.signing_keys import SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV
from storage.engines import sqlite_path
from tests.integration.charters import charter_text


def init(database_url: str, charter, key_file) -> tuple[int, str]:
    """``poolgov init`` with the signing key file ``key_file`` (made beforehand on PostgreSQL)."""
    if sqlite_path(database_url) is None and not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(HeadSigner.generate().private_key_pem(), encoding="utf-8")
        key_file.chmod(0o600)
    result = CliRunner().invoke(
        app,
        ["init", str(charter), "--database-url", database_url],
        env={SIGNING_KEY_FILE_ENV: str(key_file), SIGNING_KEY_ENV: None},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_init_records_version_one_and_refuses_to_run_twice(empty_database_url, tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(4), encoding="utf-8")
    key_file = tmp_path / "keys" / "poolgov-signing.key"

    first = init(empty_database_url, charter, key_file)
    second = init(empty_database_url, charter, key_file)

    assert first[0] == 0, first[1]
    assert "charter version 1" in first[1]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert second[0] == 2
    assert "already holds the pool" in second[1]


def test_init_keeps_the_register_and_charter_text(runtime, tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(3), encoding="utf-8")

    status, output = init(runtime.database_url, charter, tmp_path / "poolgov-signing.key")

    assert status == 0, output
    in_force = charter_in_force(runtime.reader(), runtime.parse_charter)
    assert (in_force.record.version, in_force.record.text) == (1, charter_text(3))
    register = current_register(runtime.reader(), runtime.parse_charter)
    assert [e.member.id for e in register.entries] == ["acme", "beta", "gamma"]


def test_init_refuses_an_unsound_charter_and_records_nothing(empty_database_url, tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(3).replace("cap: 1/2", "cap: 1/5"), encoding="utf-8")

    status, output = init(empty_database_url, charter, tmp_path / "poolgov-signing.key")

    assert status == 2
    assert "weights.cap" in output
    if sqlite_path(empty_database_url) is not None:  # on PostgreSQL init() configured one
        assert not (tmp_path / "poolgov-signing.key").exists()


def test_init_on_postgresql_refuses_without_a_signing_key_and_writes_no_file(
    empty_database_url, tmp_path
):
    if sqlite_path(empty_database_url) is not None:
        return  # on SQLite the key file is created (above)
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(3), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["init", str(charter), "--database-url", empty_database_url],
        env={SIGNING_KEY_FILE_ENV: None, SIGNING_KEY_ENV: None},
    )

    assert result.exit_code == 2
    assert "No signing key: on PostgreSQL" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["charter.yaml"]
