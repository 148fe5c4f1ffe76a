"""``poolgov run`` without Slack tokens: what connecting would need, then the sandbox instead."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.web import cli as cli_sandbox
from tests.sandbox_process import served_without_tokens
from tests.unit.cli.helpers import poolgov

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "POOLGOV_CHARTER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no .env is read


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        cli_sandbox,
        "serve",
        lambda charter, **options: calls.append({"charter": charter, **options}),
    )
    return calls


@pytest.mark.usefixtures("offline")
def test_without_a_bot_token_run_says_what_it_needs_then_starts_the_demo_sandbox(
    started: list[dict[str, Any]],
) -> None:
    result = poolgov("run")
    assert result.exit_code == 0, result.output
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "DATABASE_URL",
        "POOLGOV_CHARTER",
    ):
        assert name in result.stdout
    assert "app-manifest.yaml" in result.stdout
    assert "sandbox" in result.stdout
    (call,) = started
    assert call["demo"] is True
    assert call["database_url"] is None  # the sandbox's own file, not poolgov.db
    assert call["charter"].name == "charter.yaml"


@pytest.mark.slow
def test_run_without_tokens_serves_the_page_and_stops_on_ctrl_c(tmp_path: Path):
    served = served_without_tokens(
        [sys.executable, "-m", "bot.cli", "run", "--sandbox-port", "0"], tmp_path
    )
    assert "poolgov sandbox" in served.page
    assert "SLACK_BOT_TOKEN is not set" in served.printed
    assert served.url.startswith("http://127.0.0.1:")
    assert served.returncode == 0, served.stderr
    assert "Traceback" not in served.stderr
    assert "Sandbox stopped." in served.printed
    assert (tmp_path / "poolgov-sandbox.db").exists()
    assert not (tmp_path / "poolgov.db").exists()
