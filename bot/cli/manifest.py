"""``poolgov manifest``: the Slack app manifest, for Socket Mode or for HTTP mode at a URL.

Without ``--http`` it prints the shipped manifest (Socket Mode). ``--http https://host`` prints
the same app for HTTP mode: Socket Mode off, and every request URL (each slash command's, event
subscriptions', interactivity's) set to ``https://host/slack/events``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

import typer
import yaml

from bot.cli.common import fail
from bot.i18n import _
from bot.resources import manifest_path
from bot.server import EVENTS_PATH


def http_manifest(base_url: str) -> dict[str, Any]:
    """The shipped manifest for HTTP mode at ``base_url`` (``https://host[:port][/prefix]``).

    Raises ValueError when ``base_url`` is not an https URL with a host and nothing after a path.
    """
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ValueError("give the https URL Slack reaches poolgov at, e.g. https://host")
    url = f"https://{parts.netloc}{parts.path.rstrip('/')}{EVENTS_PATH}"
    loaded = shipped()
    for command in loaded["features"]["slash_commands"]:
        command["url"] = url
    settings = loaded["settings"]
    settings["event_subscriptions"]["request_url"] = url
    settings["interactivity"]["request_url"] = url
    settings["socket_mode_enabled"] = False
    return loaded


def shipped() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(manifest_path().read_text(encoding="utf-8"))
    return loaded


def manifest(
    http: Annotated[
        str | None,
        typer.Option(
            "--http",
            metavar="URL",
            help="Print the manifest for HTTP mode, Slack reaching poolgov at URL (https://…).",
        ),
    ] = None,
) -> None:
    """Print the Slack app manifest (Socket Mode), or with --http one for HTTP mode at URL."""
    if http is None:
        typer.echo(manifest_path().read_text(encoding="utf-8"), nl=False)
        return
    try:
        chosen = http_manifest(http)
    except ValueError:
        fail(
            _(
                "--http {url!r}: give the https URL Slack reaches poolgov at, e.g. https://host"
            ).format(url=http)
        )
    typer.echo(yaml.safe_dump(chosen, sort_keys=False, allow_unicode=True, width=100), nl=False)
