"""What every ``poolgov`` command shares: exit statuses, errors on stderr, reading input files, and
the settings (:func:`settings`), loaded the same way as ``poolgov run`` loads them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bot.settings import Settings, SettingsInvalid, load_settings
from governance.errors import CharterError

OK = 0
BAD_INPUT = 2  # the same status typer gives a usage error


def fail(message: str) -> NoReturn:
    """Print ``message`` on stderr and exit with :data:`BAD_INPUT`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


#: ``--database-url``: wins over ``DATABASE_URL`` (environment or ``.env``); see :func:`settings`.
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        metavar="URL",
        help="Default: DATABASE_URL from the environment or .env, else sqlite:///poolgov.db.",
    ),
]


def settings(database_url: str | None = None) -> Settings:
    """The settings every command shares (environment, then ``.env``, then defaults), with
    ``--database-url`` when given; a malformed variable is named and exits :data:`BAD_INPUT`."""
    try:
        return load_settings(DATABASE_URL=database_url)
    except SettingsInvalid as error:
        if database_url is not None:
            error.problems = [
                ("--database-url" if variable == "DATABASE_URL" else variable, what)
                for variable, what in error.problems
            ]
        fail(f"bad setting: {error}")


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``, or a clear message and :data:`BAD_INPUT`."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a directory, not a file")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    except OSError as error:
        fail(f"{path}: cannot read ({error.strerror})")


def show_charter_problems(path: Path, error: CharterError) -> None:
    """Every problem of a charter file on stderr, one a line, each at its key path."""
    count = len(error.problems)
    typer.echo(f"{path}: {count} problem{'' if count == 1 else 's'}", err=True)
    for problem in error.problems:
        typer.echo(f"  {problem}", err=True)
