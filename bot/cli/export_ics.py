"""``poolgov export ics``: the pool's meetings as an iCalendar file, for any calendar.

When ``DATABASE_URL`` is set (``--database-url``, the environment or ``.env``) and its database
holds a pool, the meetings are the charter in force
there with the operator's moves, cancellations and one-offs (as exceptions and extra events);
otherwise they come from a charter file (``--charter``, default ``POOLGOV_CHARTER``), with no
changes. The file is :func:`bot.ics.to_ics`. Standard output by default; exit status 2 for
bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build
from bot.charter_file import CharterFileError, load_charter
from bot.cli.common import BAD_INPUT, DatabaseUrl, fail, read_text, settings, show_charter_problems
from bot.i18n import _
from bot.settings import Settings
from governance.charter import Charter
from governance.errors import GovernanceError, UnknownMeeting
from governance.meetings.occurrences import Override
from governance.services import queries
from storage.engines import sqlite_path


def from_database(config: Settings) -> tuple[Charter, Sequence[Override]] | None:
    """The charter in force and the overrides, if the configured database holds a pool."""
    path = sqlite_path(config.database_url)
    if path is not None and not Path(path).exists():
        return None  # never create an empty database file just to look in it
    try:
        with build(audit_key=b"", settings=config) as storage:
            charter = queries.charter_in_force(storage.reader(), storage.parse_charter).charter
            with storage.reader() as uow:
                return charter, uow.meetings.overrides()
    except (SQLAlchemyError, GovernanceError, ValueError):
        return None


def export_ics(
    charter_path: Annotated[
        Path | None,
        typer.Option(
            "--charter",
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
    database_url: DatabaseUrl = None,
) -> None:
    """Write the meetings as an iCalendar file: recurrence, time zone and exceptions included."""
    config = settings(database_url)
    stored = from_database(config) if config.database_url_given else None
    charter_path = charter_path or config.charter_path
    if stored is not None:
        charter, overrides = stored
        source = _("the database")
    else:
        if charter_path is None:
            fail(_("give --charter CHARTER.yaml or set POOLGOV_CHARTER"))
        try:
            charter = load_charter(read_text(charter_path))
        except CharterFileError as error:
            show_charter_problems(charter_path, error)
            raise typer.Exit(BAD_INPUT) from None
        overrides, source = (), str(charter_path)
    try:
        from bot.ics import to_ics  # icalendar: not imported by every other command

        data = to_ics(charter, overrides, meeting_id=meeting)
    except UnknownMeeting:
        known = ", ".join(m.id for m in charter.meetings) or _("none")
        fail(
            _("--meeting: no meeting {meeting!r} in {source}; its meetings: {known}").format(
                meeting=meeting, source=source, known=known
            )
        )
    if output is None or str(output) == "-":
        typer.echo(data, nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(_("{path}: cannot write ({reason})").format(path=output, reason=error.strerror))
