"""``poolgov``: the command line, one small module per command or group.

To add a group, write ``bot/cli/<name>.py`` with its own ``app = typer.Typer()`` and add it here
with ``app.add_typer(cli_<name>.app, name="<name>")``; a single command is
``app.command("<name>")(cli_<name>.<function>)``. Bad input exits with status 2, like usage errors.
"""

from __future__ import annotations

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
from bot.cli.root import new_app
from bot.sandbox.web import cli as cli_sandbox

app = new_app()
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
    """The console script ``poolgov``: :mod:`bot.cli.launch` (``run`` without the rest)."""
    from bot.cli.launch import main as launch

    launch()
