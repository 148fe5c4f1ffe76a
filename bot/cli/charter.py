"""``poolgov charter``: commands about the charter file (``check``; more can join this group)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.charter_file import CharterFileError, load_charter
from bot.cli.common import BAD_INPUT, OK, read_text, show_charter_problems
from bot.i18n import _, local
from governance.charter import Charter

app = typer.Typer(help="Work with the charter file.", no_args_is_help=True)


def summary(charter: Charter) -> list[str]:
    """A few lines saying what a sound charter sets up."""
    patents = sum(m.patents for m in charter.members)
    weights = charter.weights
    cap = _(", cap {cap}").format(cap=weights.cap) if weights.cap is not None else ""
    meetings = ", ".join(m.id for m in charter.meetings) or _("none")
    kinds = ", ".join(kind.value for kind in charter.motions)
    return [
        _("pool: {pool} ({zone})").format(
            pool=local(charter.pool.name), zone=charter.pool.timezone.key
        ),
        _("members: {members}, patents: {patents}").format(
            members=len(charter.members), patents=patents
        ),
        _("weights: {basis}{cap}").format(basis=weights.basis.value, cap=cap),
        _("motions: {kinds}").format(kinds=kinds),
        _("meetings: {meetings}").format(meetings=meetings),
    ]


def check_file(path: Path) -> int:
    """Check the charter at ``path``, print the verdict, return the exit status."""
    try:
        charter = load_charter(read_text(path))
    except CharterFileError as error:
        show_charter_problems(path, error)
        return BAD_INPUT
    typer.echo(_("{path}: OK").format(path=path))
    for line in summary(charter):
        typer.echo(f"  {line}")
    return OK


@app.command("check")
def check(
    path: Annotated[Path, typer.Argument(metavar="CHARTER.yaml", help="The charter file.")],
) -> None:
    """Validate a charter file: every problem with its key path, exit status 2 when any."""
    raise typer.Exit(check_file(path))
