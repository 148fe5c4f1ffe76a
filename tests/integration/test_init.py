"""``poolgov init`` records the charter once, and creates an owner-only audit key beside it."""

from __future__ import annotations

import stat

from typer.testing import CliRunner

from bot.cli import app
from governance.services.queries import charter_in_force, current_register
from storage.keys import KEY_ENV, KEY_FILE_ENV
from tests.integration.charters import charter_text


def init(database_url: str, charter, key_file) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["init", str(charter), "--database-url", database_url],
        env={KEY_FILE_ENV: str(key_file), KEY_ENV: None},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_init_records_version_one_and_refuses_to_run_twice(empty_database_url, tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(4), encoding="utf-8")
    key_file = tmp_path / "keys" / "poolgov-audit.key"

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

    status, output = init(runtime.database_url, charter, tmp_path / "poolgov-audit.key")

    assert status == 0, output
    in_force = charter_in_force(runtime.reader(), runtime.parse_charter)
    assert (in_force.record.version, in_force.record.text) == (1, charter_text(3))
    register = current_register(runtime.reader(), runtime.parse_charter)
    assert [e.member.id for e in register.entries] == ["acme", "beta", "gamma"]


def test_init_refuses_an_unsound_charter_and_records_nothing(empty_database_url, tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(3).replace("cap: 1/2", "cap: 1/5"), encoding="utf-8")

    status, output = init(empty_database_url, charter, tmp_path / "poolgov-audit.key")

    assert status == 2
    assert "weights.cap" in output
    assert not (tmp_path / "poolgov-audit.key").exists()
