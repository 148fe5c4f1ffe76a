"""The app manifest is valid for Slack and declares exactly the commands the bot handles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "tests" / "data" / "manifest.schema.1.0.0.json"


def manifest() -> dict[str, object]:
    loaded = yaml.safe_load((ROOT / "app-manifest.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_manifest_validates_against_slacks_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(
        jsonschema.Draft7Validator(schema).iter_errors(manifest()), key=lambda e: list(e.path)
    )
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_manifest_asks_only_for_the_scopes_the_code_uses() -> None:
    scopes = manifest()["oauth_config"]["scopes"]["bot"]  # type: ignore[index]
    # history: a notice taken again after a crash is looked for in its conversation before it is
    # posted again (public and private channels, DMs); im:write opens the DM to look in;
    # users:read gives each reader's Slack locale (users.info with include_locale)
    assert sorted(scopes) == [
        "channels:history",
        "chat:write",
        "commands",
        "groups:history",
        "im:history",
        "im:write",
        "users:read",
    ]


def test_socket_mode_and_interactivity_are_on() -> None:
    settings = manifest()["settings"]
    assert settings["socket_mode_enabled"] is True  # type: ignore[index]
    assert settings["interactivity"]["is_enabled"] is True  # type: ignore[index]
