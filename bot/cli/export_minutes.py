"""``poolgov export minutes KEY``: one meeting's minutes as Markdown and as a printable HTML page
(:mod:`bot.minutes_export`), written into ``--output-dir`` (default: the working directory).
Exit status 2 when the database holds no pool, no such meeting, or no minutes for it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build
from bot.cli.common import DatabaseUrl, fail, said, settings
from bot.i18n import _
from bot.meeting_calendar import RruleCalendar
from bot.minutes_export import (
    MinutesDocument,
    action_lines,
    follow_up_actions,
    motion_line,
    status_of,
    to_html,
    to_markdown,
)
from governance.errors import GovernanceError
from governance.minutes import lifecycle as lc
from governance.services import actions as follow_ups
from governance.services import queries
from governance.services.meeting_agenda import agenda_of
from governance.services.minutes_review import review_of
from storage.engines import sqlite_path


def file_stem(key: str) -> str:
    """``assembly@2027-01-04T10:00`` → ``minutes-assembly-2027-01-04T10-00``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in key)
    return f"minutes-{safe}"


def export_minutes(
    key: Annotated[
        str, typer.Argument(metavar="KEY", help="The meeting's key (`/meeting minutes`).")
    ],
    output_dir: Annotated[
        Path,
        typer.Option("--output-dir", "-o", metavar="DIR", help="Where to write the two files."),
    ] = Path("."),
    database_url: DatabaseUrl = None,
) -> None:
    """Write a meeting's minutes: attendance, recorded quorum, motions decided, actions."""
    config = settings(database_url)
    path = sqlite_path(config.database_url)
    if path is not None and not Path(path).exists():
        fail(_("{url}: no database there").format(url=config.database_url))
    try:
        with build(audit_key=b"", settings=config) as storage:
            reader, parse = storage.reader, storage.parse_charter
            found, _agenda = agenda_of(reader(), parse, RruleCalendar(), key)
            occurrence = found.occurrence
            with reader() as uow:
                records = uow.meetings.minutes(1, occurrence.key)
                attendance = uow.meetings.attendance(occurrence.key)
            if not records:
                fail(_("{key}: no minutes are recorded for this meeting").format(key=key))
            record = records[0]
            review = review_of(reader(), occurrence.key)
            names = queries.member_names(reader())
            motions = tuple(
                motion_line(queries.get_motion(reader(), m), names) for m in record.motions
            )
            recorded = follow_ups.actions_of_occurrence(reader(), occurrence.key)
            for motion_id in record.motions:
                recorded += follow_ups.actions_of_motion(reader(), motion_id)
            with reader() as uow:
                extra = follow_up_actions(uow.session, occurrence.key, record.motions)
            actions = (*action_lines(recorded), *extra)
            pool = found.charter.pool.name
    except (SQLAlchemyError, GovernanceError) as error:
        fail(_("{path}: {problem}").format(path=key, problem=said(error)))
    doc = MinutesDocument(
        key=occurrence.key,
        title=occurrence.title,
        pool=pool,
        starts=occurrence.starts,
        text=lc.final_text(review) if review is not None else record.text,
        status=status_of(review),
        review=review,
        attendance=attendance.result if attendance is not None else None,
        names=names,
        motions=motions,
        actions=actions,
    )
    stem = file_stem(occurrence.key)
    written = []
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".md", to_markdown(doc)), (".html", to_html(doc))):
            target = output_dir / f"{stem}{suffix}"
            target.write_text(content, encoding="utf-8")
            written.append(target)
    except OSError as error:
        fail(_("{path}: cannot write ({reason})").format(path=output_dir, reason=error.strerror))
    for target in written:
        typer.echo(str(target))
