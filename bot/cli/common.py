"""What every ``poolgov`` command shares: exit statuses, errors on stderr, reading input files, and
the settings (:func:`settings`), loaded the same way as ``poolgov run`` loads them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bot.i18n import Language, _, language_from_tag, ngettext
from bot.phrasing import problem_line
from bot.settings import Settings, SettingsInvalid, load_settings
from governance.errors import CharterError

OK = 0
BAD_INPUT = 2  # the same status typer gives a usage error


def fail(message: str) -> NoReturn:
    """Print ``message`` on stderr and exit with :data:`BAD_INPUT`."""
    typer.echo(_("error: {message}").format(message=message), err=True)
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
        fail(_("bad setting: {error}").format(error=error))


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``, or a clear message and :data:`BAD_INPUT`."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(_("{path}: no such file").format(path=path))
    except IsADirectoryError:
        fail(_("{path}: is a directory, not a file").format(path=path))
    except UnicodeDecodeError:
        fail(_("{path}: not UTF-8 text").format(path=path))
    except OSError as error:
        fail(_("{path}: cannot read ({reason})").format(path=path, reason=error.strerror))


def show_charter_problems(path: Path, error: CharterError) -> None:
    """Every problem of a charter file on stderr, one a line, each at its key path."""
    count = len(error.problems)
    typer.echo(
        ngettext("{path}: {count} problem", "{path}: {count} problems", count).format(
            path=path, count=count
        ),
        err=True,
    )
    for problem in error.problems:
        typer.echo(f"  {problem_line(problem)}", err=True)


#: ``--lang``: the language of a report for people (machine output never changes with it).
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="en or zh-Hans. Default: from LC_ALL, LC_MESSAGES or LANG, else en.",
    ),
]

#: The variables that name the language of the command line, the first one set wins (POSIX).
LANGUAGE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` names, English when none names one
    poolgov speaks (``C``, ``POSIX``, ``fr_FR.UTF-8``: the command line never fails on them)."""
    environ = os.environ if environ is None else environ
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable)
        if value:
            return language_from_tag(value) or Language.EN
    return Language.EN


def cli_language(lang: str | None) -> Language:
    """``--lang`` when given (a bad value exits :data:`BAD_INPUT`), else the environment's."""
    if lang is None:
        return environment_language()
    chosen = language_from_tag(lang)
    if chosen is None:
        fail(_("--lang {lang!r}: give en or zh-Hans").format(lang=lang))
    return chosen
