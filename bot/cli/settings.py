"""``poolgov settings``: the settings in force, as every command reads them, secrets masked."""

from __future__ import annotations

import typer

from bot.cli.common import settings as load


def show_settings() -> None:
    """Print every variable poolgov reads with the value in force (environment, then .env, then
    the default); tokens, keys and a database password are masked."""
    for variable, value in load().effective():
        typer.echo(f"{variable}={value}")
