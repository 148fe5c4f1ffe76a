"""The deployment examples are sound: the systemd unit verifies, the .env loads as settings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


@pytest.fixture(autouse=True)
def nothing_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for field in Settings.model_fields.values():
        if field.alias:
            monkeypatch.delenv(field.alias, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_example_env_loads_into_the_settings_for_http_replicas(tmp_path: Path) -> None:
    shutil.copy(DEPLOY / "poolgov.env", tmp_path / ".env")
    settings = load_settings()
    assert settings.connected
    assert settings.slack_signing_secret is not None  # HTTP mode
    assert settings.slack_app_token is None
    assert settings.database_url.startswith("postgresql://")
    assert settings.log_format == "json"
    assert settings.ops_port == 9464
    assert settings.drain_seconds == 10
    assert settings.signing_key_file == Path("/etc/poolgov/signing.key")
    # every variable it sets is one poolgov reads
    names = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "poolgov.env").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert set(names) <= {field.alias for field in Settings.model_fields.values()}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    poolgov = shutil.which("poolgov") or str(ROOT / ".venv" / "bin" / "poolgov")
    unit = (
        (DEPLOY / "poolgov.service").read_text().replace("/opt/poolgov/venv/bin/poolgov", poolgov)
    )
    (tmp_path / "poolgov.service").write_text(unit)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "poolgov.service")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ExecStart=" in unit
    assert "--http" in unit
