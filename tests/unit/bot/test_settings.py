"""One settings object: every variable documented, malformed values named but never repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import STORAGE_FIELDS, Settings, SettingsInvalid, load_settings

README = Path(__file__).resolve().parents[3] / "README.md"
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # 32 bytes, urlsafe base64


@pytest.fixture(autouse=True)
def nothing_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        alias = Settings.model_fields[name].alias
        if alias:
            monkeypatch.delenv(alias, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env


def test_every_variable_has_its_line_in_the_readme_table() -> None:
    table = README.read_text(encoding="utf-8")
    aliases = [field.alias for field in Settings.model_fields.values()]
    assert len(aliases) > 20
    assert [a for a in aliases if f"| `{a}` |" not in table] == []


def test_the_storage_layer_is_handed_only_what_is_set_under_its_variable_names() -> None:
    settings = load_settings(
        DATABASE_URL="sqlite:///pool.db",
        POOLGOV_AUDIT_KEY="k-1",
        POOLGOV_COMPLAINT_KEY_FILE="keys/complaint.key",
        SLACK_BOT_TOKEN="xoxb-not-for-storage",
    )
    assert settings.storage_environ() == {
        "DATABASE_URL": "sqlite:///pool.db",
        "POOLGOV_AUDIT_KEY": "k-1",
        "POOLGOV_COMPLAINT_KEY_FILE": "keys/complaint.key",
    }
    assert set(STORAGE_FIELDS) <= set(Settings.model_fields)


def test_the_dotenv_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "POOLGOV_SWEEP_INTERVAL=7\nPOOLGOV_LOG_LEVEL=debug\n", encoding="utf-8"
    )
    monkeypatch.setenv("POOLGOV_SWEEP_INTERVAL", "9")
    settings = load_settings()
    assert (settings.sweep_interval, settings.log_level) == (9.0, "DEBUG")
    assert not settings.database_url_given


def test_every_malformed_variable_is_named_and_no_value_is_repeated() -> None:
    with pytest.raises(SettingsInvalid) as raised:
        load_settings(
            POOLGOV_COMPLAINT_KEY=f"{KEY},secret-looking-garbage",
            POOLGOV_BALLOT_BATCH="many",
            DATABASE_URL="sqlite://",
        )
    error = raised.value
    assert sorted(error.variables) == [
        "DATABASE_URL",
        "POOLGOV_BALLOT_BATCH",
        "POOLGOV_COMPLAINT_KEY",
    ]
    assert "secret-looking-garbage" not in str(error)
    assert "many" not in str(error)
    assert "DATABASE_URL: poolgov keeps its records in a file" in str(error)


def test_a_key_file_setting_that_names_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsInvalid) as raised:
        load_settings(POOLGOV_AUDIT_KEY_FILE=str(tmp_path))
    assert raised.value.variables == ["POOLGOV_AUDIT_KEY_FILE"]


def test_an_empty_variable_counts_as_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POOLGOV_CHARTER", "")
    monkeypatch.setenv("POOLGOV_AUDIT_KEY", "")
    settings = load_settings()
    assert (settings.charter_path, settings.audit_key) == (None, None)
