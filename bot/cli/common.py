"""What every ``poolgov`` command shares: exit statuses, errors on stderr, reading input files, and
the settings (:func:`settings`), loaded the same way as ``poolgov run`` loads them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bot.i18n import Language, _, ngettext
from bot.i18n import environment as i18n_environment
from bot.phrasing import problem_line
from bot.settings import Settings, SettingsInvalid, load_settings
from bot.slack.refusals import refusal_sentence
from governance.errors import CharterError, GovernanceError
from storage.findings import Finding

OK = 0
BAD_INPUT = 2  # the same status typer gives a usage error


def fail(message: str) -> NoReturn:
    """Print ``message`` on stderr and exit with :data:`BAD_INPUT`."""
    typer.echo(_("error: {message}").format(message=message), err=True)
    raise typer.Exit(BAD_INPUT)


def said(error: BaseException) -> str:
    """What ``error`` says, in the language being spoken: the :class:`~storage.findings.Finding`
    of an error that keeps one (``error.finding``: storage's refusals, an unreadable export or
    archive, a bad signing key), a charter's problems, a rule's refusal; else its ``str``."""
    finding = getattr(error, "finding", None)
    if isinstance(finding, Finding):
        return finding.rendered(_)
    if isinstance(error, CharterError):
        return _("; ").join(problem_line(problem) for problem in error.problems)
    if isinstance(error, GovernanceError):
        return refusal_sentence(error)
    return str(error)


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
        help="en or zh-Hans. Default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en.",
    ),
]


def environment_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language the environment names (:func:`bot.i18n.environment.environment_language`),
    English when it names none poolgov speaks (``C``, ``POSIX``, ``fr_FR.UTF-8``: the command line
    never fails on them)."""
    return i18n_environment.environment_language(environ) or Language.EN


def cli_language(lang: str | None) -> Language:
    """``--lang`` when given (a bad value exits :data:`BAD_INPUT`), else the environment's
    (:func:`bot.i18n.environment.cli_language`)."""
    try:
        return i18n_environment.cli_language(lang)
    except i18n_environment.UnknownLanguage:
        fail(_("--lang {lang!r}: give en or zh-Hans").format(lang=lang))
