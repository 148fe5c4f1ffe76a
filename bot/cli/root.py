"""The ``poolgov`` command group itself: its name, help and global options, without any command.

:mod:`bot.cli.app` adds every command to it; ``poolgov run`` adds only its own
(:mod:`bot.cli.launch`), so a running server never imports the other commands' modules.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot import resources
from bot.cli.common import Lang, cli_language
from bot.cli.help_language import PoolgovGroup


def _show_version(shown: bool) -> None:
    if shown:
        typer.echo(f"poolgov {resources.version()}")
        raise typer.Exit()


def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    lang: Lang = None,
) -> None:
    """Patent pool governance in Slack: charter-weighted motions, meetings, complaints."""
    # What a command prints for people, its --help and its errors included, follows --lang
    # (here, for every command, or after the command where it takes one), else LANGUAGE,
    # LC_ALL / LC_MESSAGES / LANG (PoolgovGroup.main); machine output (--json, CSV, manifests)
    # never changes with it. A --lang poolgov does not speak exits 2, naming it.
    cli_language(lang)


def new_app() -> typer.Typer:
    """The group with its global options and no command yet."""
    app = typer.Typer(
        name="poolgov",
        help="Patent pool governance in Slack: charter-weighted motions, meetings, complaints.",
        no_args_is_help=True,
        add_completion=False,
        cls=PoolgovGroup,  # help in the reader's language (bot.cli.help_language)
        rich_markup_mode=None,  # click's plain help, whose words the catalog gives
        pretty_exceptions_show_locals=False,  # locals may hold tokens and keys
    )
    app.callback()(_options)
    return app
