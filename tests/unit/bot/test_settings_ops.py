"""The operator's settings: pool sizes reach the engines, ``poolgov settings`` masks secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli.app import app
from bot.settings import Settings, SettingsInvalid, load_settings

PG = "postgresql://poolgov:hunter2@db.example:5432/pool"  # never connected to: engines are lazy


@pytest.fixture(autouse=True)
def nothing_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for field in Settings.model_fields.values():
        if field.alias:
            monkeypatch.delenv(field.alias, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env


def test_pool_sizes_come_from_the_settings_and_the_writer_has_its_own():
    settings = load_settings(
        DATABASE_URL=PG,
        POOLGOV_DB_POOL_SIZE="4",
        POOLGOV_DB_MAX_OVERFLOW="6",
        POOLGOV_WRITER_POOL_SIZE="3",
        POOLGOV_SIGNING_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    )
    main = build(settings=settings, audit_key=b"k")
    writer = build(settings=settings, audit_key=b"k", writer=True)
    try:
        assert (main.engine.pool.size(), main.engine.pool._max_overflow) == (4, 6)  # type: ignore[attr-defined]
        assert (writer.engine.pool.size(), writer.engine.pool._max_overflow) == (3, 0)  # type: ignore[attr-defined]
    finally:
        main.close()
        writer.close()


def test_default_pools_stay_well_under_postgresql_s_default_limit_of_100():
    settings = load_settings()
    one_replica = settings.db_pool_size + settings.db_max_overflow + settings.writer_pool_size
    assert one_replica <= 40


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("POOLGOV_DB_POOL_SIZE", "0"),
        ("POOLGOV_WRITER_POOL_SIZE", "21"),
        ("POOLGOV_LOG_FORMAT", "xml"),
        ("POOLGOV_DRAIN_SECONDS", "-1"),
        ("POOLGOV_OPS_PORT", "70000"),
    ],
)
def test_bad_operator_settings_are_named(variable: str, value: str):
    with pytest.raises(SettingsInvalid) as refused:
        load_settings(**{variable: value})
    assert refused.value.variables == [variable]


def test_poolgov_settings_prints_every_variable_with_secrets_masked(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("POOLGOV_COMPLAINT_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("POOLGOV_LOG_FORMAT", "json")
    result = CliRunner().invoke(app, ["settings"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.output.splitlines())
    assert set(lines) == {field.alias for field in Settings.model_fields.values()}
    assert lines["SLACK_BOT_TOKEN"] == "******** (set)"
    assert lines["SLACK_APP_TOKEN"] == "(not set)"
    assert lines["DATABASE_URL"] == "postgresql://poolgov:***@db.example:5432/pool"
    assert lines["POOLGOV_LOG_FORMAT"] == "json"
    assert "very-secret" not in result.output
    assert "hunter2" not in result.output
    assert "AAECAwQF" not in result.output
