"""``poolgov manifest --http URL``: an HTTP-mode manifest, valid for Slack, tied to the handlers."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from typer.testing import CliRunner

from bot.app import COMMANDS
from bot.cli.app import app
from tests.e2e.test_pool_and_home import handled_commands

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "tests" / "data" / "manifest.schema.1.0.0.json"
URL = "https://governance.pool.example:8443/poolgov/slack/events"


def printed(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["manifest", *args])
    assert result.exit_code == 0, result.output
    loaded = yaml.safe_load(result.output)
    assert isinstance(loaded, dict)
    return loaded


def test_the_http_manifest_is_valid_and_points_every_url_at_the_host():
    manifest = printed("--http", "https://governance.pool.example:8443/poolgov/")
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    assert [e.message for e in validator.iter_errors(manifest)] == []
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False  # type: ignore[index]
    assert settings["event_subscriptions"]["request_url"] == URL  # type: ignore[index]
    assert settings["interactivity"]["request_url"] == URL  # type: ignore[index]
    commands = manifest["features"]["slash_commands"]  # type: ignore[index]
    assert {c["url"] for c in commands} == {URL}
    declared = {c["command"] for c in commands}
    assert declared == set(COMMANDS) == handled_commands()
    # nothing else differs from the Socket Mode manifest
    socket = printed()
    assert manifest["oauth_config"] == socket["oauth_config"]
    assert manifest["display_information"] == socket["display_information"]
    assert "poolgov.example.com" not in json.dumps(manifest)


def test_without_http_it_prints_the_shipped_manifest_unchanged():
    result = CliRunner().invoke(app, ["manifest"])
    assert result.output == (ROOT / "app-manifest.yaml").read_text(encoding="utf-8")


def test_a_url_slack_cannot_use_is_refused():
    for bad in ("http://gov.example", "gov.example", "https://", "https://h/x?y=1"):
        result = CliRunner().invoke(app, ["manifest", "--http", bad])
        assert result.exit_code == 2, bad
        assert "https URL" in result.output


def test_init_example_writes_the_examples_and_the_manifest_and_never_overwrites(tmp_path):
    target = tmp_path / "start"
    result = CliRunner().invoke(app, ["init", "--example", "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "charter.yaml").read_bytes() == (ROOT / "examples/charter.yaml").read_bytes()
    assert (target / "ballots" / "admission.csv").exists()
    assert (target / "app-manifest.yaml").read_bytes() == (ROOT / "app-manifest.yaml").read_bytes()
    checked = CliRunner().invoke(app, ["charter", "check", str(target / "charter.yaml")])
    assert checked.exit_code == 0
    (target / "charter.yaml").write_text("mine", encoding="utf-8")
    again = CliRunner().invoke(app, ["init", "--example", "--to", str(target)])
    assert again.exit_code == 2
    assert "would overwrite" in again.output
    assert (target / "charter.yaml").read_text(encoding="utf-8") == "mine"


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("poolgov ")
