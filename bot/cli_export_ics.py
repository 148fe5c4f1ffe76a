"""``poolgov export ics``: the pool's meetings as an iCalendar file, for any calendar.

For now the meetings come from a charter file (``--charter``, default ``POOLGOV_CHARTER``), with
no operator changes; the file is :func:`bot.ics.to_ics`, which the bot also uses with the moves,
cancellations and one-offs it keeps. Standard output by default. Exit status 2 for bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.charter_file import CharterFileError, load_charter
from bot.cli_common import BAD_INPUT, fail, read_text, show_charter_problems
from bot.ics import to_ics
from governance.errors import UnknownMeeting


def export_ics(
    charter_path: Annotated[
        Path | None,
        typer.Option(
            "--charter",
            envvar="POOLGOV_CHARTER",
            metavar="CHARTER.yaml",
            help="The charter whose meetings to export (default: $POOLGOV_CHARTER).",
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option("--meeting", metavar="ID", help="Only this meeting (default: all)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write here (default: stdout)."),
    ] = None,
) -> None:
    """Write the meetings as an iCalendar file: recurrence, time zone and exceptions included."""
    if charter_path is None:
        fail("give --charter CHARTER.yaml or set POOLGOV_CHARTER")
    try:
        charter = load_charter(read_text(charter_path))
    except CharterFileError as error:
        show_charter_problems(charter_path, error)
        raise typer.Exit(BAD_INPUT) from None
    try:
        data = to_ics(charter, meeting_id=meeting)
    except UnknownMeeting:
        known = ", ".join(m.id for m in charter.meetings) or "none"
        fail(f"--meeting: no meeting {meeting!r} in {charter_path}; its meetings: {known}")
    if output is None or str(output) == "-":
        typer.echo(data, nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror})")
