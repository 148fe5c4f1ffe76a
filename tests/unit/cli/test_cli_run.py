"""``poolgov run`` without Slack tokens: what connecting would need, then the sandbox instead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from bot.sandbox.web import cli as cli_sandbox
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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POOLGOV_"))}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--sandbox-port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "The sandbox is at" in line:
                break
        url = lines[-1].split("The sandbox is at", 1)[1].split()[0]
        with urlopen(url, timeout=60) as answer:  # noqa: S310 - the sandbox on loopback
            page = answer.read().decode()
        assert "poolgov sandbox" in page
        assert "SLACK_BOT_TOKEN is not set" in "".join(lines)
        assert url.startswith("http://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "Sandbox stopped." in out
    assert (tmp_path / "poolgov-sandbox.db").exists()
    assert not (tmp_path / "poolgov.db").exists()
