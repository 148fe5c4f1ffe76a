"""``poolgov``: the command line, one small module per command or group.

To add a group, write ``bot/cli_<name>.py`` with its own ``app = typer.Typer()`` and add it here
with ``app.add_typer(cli_<name>.app, name="<name>")``; a single command is
``app.command("<name>")(cli_<name>.<function>)``. Bad input exits with status 2, like usage errors.
"""

from __future__ import annotations

import typer

from bot import cli_charter, cli_export, cli_report, cli_run, cli_storage, cli_tally
from bot.sandbox.web import cli as cli_sandbox

app = typer.Typer(
    name="poolgov",
    help="Patent pool governance in Slack: charter-weighted motions, meetings, complaints.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold tokens and keys
)
app.add_typer(cli_charter.app, name="charter")
app.command("tally")(cli_tally.tally)
app.command("run")(cli_run.run)
app.command("sandbox")(cli_sandbox.sandbox)
app.command("report")(cli_report.report)
app.add_typer(cli_storage.app)  # db, init, audit
app.add_typer(cli_export.app, name="export")  # motion (cli_storage), ics


def main() -> None:
    """The console script ``poolgov``."""
    app(prog_name="poolgov")


if __name__ == "__main__":
    main()
