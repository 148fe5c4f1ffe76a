"""``poolgov run`` without Slack tokens: what poolgov needs, and the offline commands for real."""

from __future__ import annotations

import pytest

from tests.unit.cli.helpers import poolgov, poolgov_process


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "POOLGOV_CHARTER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no .env is read


@pytest.mark.usefixtures("offline")
def test_without_a_bot_token_run_says_what_it_needs_and_exits_0() -> None:
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


@pytest.mark.usefixtures("offline")
def test_without_a_bot_token_run_shows_the_offline_commands_working() -> None:
    out = poolgov("run").stdout
    assert "$ poolgov charter check" in out
    assert "examples/charter.yaml: OK" in out
    assert "$ poolgov tally" in out
    assert "admission motion: CARRIED" in out


@pytest.mark.slow
def test_run_without_tokens_as_a_real_process() -> None:
    done = poolgov_process("run")
    assert done.returncode == 0, done.stderr
    assert "SLACK_BOT_TOKEN is not set" in done.stdout
