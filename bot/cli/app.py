"""``poolgov``: the command line, one small module per command or group.

To add a group, write ``bot/cli/<name>.py`` with its own ``app = typer.Typer()`` and add it here
with ``app.add_typer(cli_<name>.app, name="<name>")``; a single command is
``app.command("<name>")(cli_<name>.<function>)``. Bad input exits with status 2, like usage errors.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot import resources
from bot.cli import charter as cli_charter
from bot.cli import export as cli_export
from bot.cli import manifest as cli_manifest
from bot.cli import pool as cli_pool
from bot.cli import register as cli_register
from bot.cli import report as cli_report
from bot.cli import run as cli_run
from bot.cli import settings as cli_settings
from bot.cli import storage as cli_storage
from bot.cli import tally as cli_tally
from bot.cli.help_language import PoolgovGroup
from bot.sandbox.web import cli as cli_sandbox

app = typer.Typer(
    name="poolgov",
    help="Patent pool governance in Slack: charter-weighted motions, meetings, complaints.",
    no_args_is_help=True,
    add_completion=False,
    cls=PoolgovGroup,  # help in the reader's language (bot.cli.help_language)
    rich_markup_mode=None,  # click's plain help, whose words the catalog gives
    pretty_exceptions_show_locals=False,  # locals may hold tokens and keys
)


def _show_version(shown: bool) -> None:
    if shown:
        typer.echo(f"poolgov {resources.version()}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Patent pool governance in Slack: charter-weighted motions, meetings, complaints."""
    # What a command prints for people, its --help included, follows --lang, else LANGUAGE,
    # LC_ALL / LC_MESSAGES / LANG (PoolgovGroup.main); machine output (--json, CSV, manifests)
    # never changes with it.


app.add_typer(cli_charter.app, name="charter")
app.command("tally")(cli_tally.tally)
app.command("run")(cli_run.run)
app.command("sandbox")(cli_sandbox.sandbox)
app.command("report")(cli_report.report)
app.command("settings")(cli_settings.show_settings)
app.command("manifest")(cli_manifest.manifest)
app.add_typer(cli_storage.app)  # db, init, audit
app.add_typer(cli_export.app, name="export")  # motion (cli_storage), ics, pool (cli_pool)
cli_export.app.command("pool")(cli_pool.export_pool_command)
app.add_typer(cli_pool.import_app, name="import")
app.add_typer(cli_register.app, name="register")


def main() -> None:
    """The console script ``poolgov``."""
    app(prog_name="poolgov")
