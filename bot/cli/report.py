"""``poolgov report --from DATE --to DATE [-o DIR]``: the compliance report.

Markdown on standard output, or ``DIR/report.md`` with one CSV per table beside it. Complaints are
counted, never quoted. Dates are inclusive, in the pool's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.bootstrap import build
from bot.cli.common import DatabaseUrl, Lang, cli_language, fail, settings
from bot.i18n import _, speaking
from bot.report import build_report


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(_("{option} {text!r}: give a date as YYYY-MM-DD").format(option=option, text=text))


def report(
    date_from: Annotated[str, typer.Option("--from", metavar="DATE", help="First day.")],
    date_to: Annotated[str, typer.Option("--to", metavar="DATE", help="Last day.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="DIR", help="Write files here.")
    ] = None,
    database_url: DatabaseUrl = None,
    lang: Lang = None,
) -> None:
    """Motions with results and rules, fee changes with their basis, complaint counts and
    deadline performance, meetings held."""
    with speaking(cli_language(lang)):
        _report(date_from, date_to, output, database_url)


def _report(date_from: str, date_to: str, output: Path | None, database_url: str | None) -> None:
    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    if end < start:
        fail(_("--to is before --from"))
    with build(settings=settings(database_url)) as storage:
        built = build_report(storage.reader(), storage.parse_charter, start, end, datetime.now(UTC))
    if output is None:
        typer.echo(built.markdown(), nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    (output / "report.md").write_text(built.markdown(), encoding="utf-8")
    typer.echo(str(output / "report.md"))
    for table in built.tables:
        path = output / f"{table.name}.csv"
        path.write_text(table.csv(), encoding="utf-8", newline="")
        typer.echo(str(path))
