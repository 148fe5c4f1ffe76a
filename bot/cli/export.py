"""``poolgov export``: files for use outside the bot, one command each.

``export motion ID DIR`` writes what an auditor needs to re-count a motion (:mod:`bot.cli.storage`);
``export ics`` writes the meetings as an iCalendar file (:mod:`bot.cli.export_ics`). A command joins
the group with ``cli_export.app.command("<name>")(<function>)`` or the decorator form;
``bot/cli/app.py`` mounts the group once.
"""

from __future__ import annotations

import typer

from bot.cli import export_ics as cli_export_ics
from bot.cli import export_minutes as cli_export_minutes

app = typer.Typer(
    help="Files for use outside the bot: motion records to re-count, meeting calendars.",
    no_args_is_help=True,
)
app.command("ics")(cli_export_ics.export_ics)
app.command("minutes")(cli_export_minutes.export_minutes)
