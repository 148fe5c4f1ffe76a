"""The framework's usage errors in the reader's language.

A command line the parser refuses (a missing option or argument, an unknown option or command, a
bad value, an extra argument) raises one of the framework's ``UsageError`` kinds, which print
``Usage: …``, ``Try '… --help' for help.`` and ``Error: …`` in English. :class:`PoolgovGroup
<bot.cli.help_language.PoolgovGroup>` turns each into a :class:`ReadersUsageError`
(:func:`in_readers_words`): the same usage line (the help's formatter, so ``用法：``), the same
hint and the same facts (the parameter, the bad value, the possible options or commands), written
from the catalog's templates; the exit status stays 2. The facts are read from the error's
attributes (``param``, ``option_name``, ``possibilities``), and, where the framework gives only an
English sentence (``No such command 'x'.``, ``Got unexpected extra argument(s) (…)``, the reason a
value is refused), from that sentence's known shapes; a sentence of another shape is shown as the
framework wrote it, behind the translated ``Error:``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any

import typer
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from bot.i18n import N_, _, ngettext

#: the command line being parsed, where a refused option's value is found
_GIVEN: ContextVar[Sequence[str]] = ContextVar("poolgov_command_line", default=())

MISSING = {
    "option": N_("Missing option {name}."),
    "argument": N_("Missing argument {name}."),
}
MISSING_PARAMETER = N_("Missing parameter {name}.")
CHOOSE_FROM = N_("{missing} Choose from: {choices}.")
NO_SUCH_OPTION = N_("No such option: {name}")
NO_SUCH_OPTION_POSSIBLE = N_("No such option: {name} (Possible options: {possibilities})")
NO_SUCH_COMMAND = N_("No such command {name}.")
NO_SUCH_COMMAND_MEANT = N_("No such command {name}. Did you mean {suggestions}?")
INVALID_FOR = N_("Invalid value for {name}: {reason}")
INVALID = N_("Invalid value: {reason}")
HINT = N_("Try '{command} {option}' for help.")
ERROR = N_("Error: {error}")

_Render = Callable[[re.Match[str], str | None], str]


def _integer(found: re.Match[str], value: str | None) -> str:
    if value is None:
        return _("Not a valid integer.")
    return _("{value} is not a valid integer.").format(value=value)


def _number(found: re.Match[str], value: str | None) -> str:
    if value is None:
        return _("Not a valid number.")
    return _("{value} is not a valid number.").format(value=value)


def _choice(found: re.Match[str], value: str | None) -> str:
    return _("{value} is not one of {choices}.").format(
        value=found["value"], choices=found["choices"]
    )


#: why a value is refused, as the framework (or the validation under it) writes it
REASONS: tuple[tuple[re.Pattern[str], _Render], ...] = (
    (re.compile(r"^Input should be a valid integer\b.*$", re.DOTALL), _integer),
    (re.compile(r"^Input should be a valid number\b.*$", re.DOTALL), _number),
    (
        re.compile(r"^(?:Value error, )?(?P<value>'.*?') is not one of (?P<choices>'.*')\.$"),
        _choice,
    ),
)

_OPTION_USAGE = (
    (
        re.compile(r"^Option (?P<name>'.*') requires an argument\.$"),
        N_("Option {name} requires an argument."),
    ),
    (
        re.compile(r"^Option (?P<name>'.*') requires (?P<count>\d+) arguments\.$"),
        N_("Option {name} requires {count} arguments."),
    ),
    (
        re.compile(r"^Option (?P<name>'.*') does not take a value\.$"),
        N_("Option {name} does not take a value."),
    ),
)
_ARGUMENT_USAGE = re.compile(r"^Argument (?P<name>'.*') takes (?P<count>\d+) values\.$")
_NO_SUCH_COMMAND = re.compile(
    r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<suggestions>'.*')\?)?$"
)
_EXTRA = re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((?P<extra>.*)\)$", re.DOTALL)
_CHOOSE_FROM = re.compile(r"^Choose from:\s*(?P<choices>.*)$", re.DOTALL)


class ReadersUsageError(UsageError):
    """A usage error shown in the language being spoken; ``refused`` is the framework's own."""

    def __init__(self, refused: UsageError, given: Sequence[str]) -> None:
        super().__init__(refused.message, refused.ctx)
        self.refused = refused
        self.given = list(given)
        self.exit_code = refused.exit_code

    def format_message(self) -> str:
        return sentence(self.refused, self.given)

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = (
                    _(HINT).format(command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
                )
            typer.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=ctx.color)
        typer.echo(
            _(ERROR).format(error=self.format_message()),
            file=file,
            err=file is None,
            color=ctx.color if ctx is not None else None,
        )


@contextmanager
def command_line(given: Sequence[str]) -> Iterator[None]:
    """Parse and run ``given`` (the values of refused options are looked up in it)."""
    token = _GIVEN.set(list(given))
    try:
        yield
    finally:
        _GIVEN.reset(token)


@contextmanager
def in_readers_words() -> Iterator[None]:
    """A usage error raised in the block comes out as a :class:`ReadersUsageError` (help shown
    for a command given no arguments stays as it is)."""
    try:
        yield
    except (NoArgsIsHelpError, ReadersUsageError):
        raise
    except UsageError as refused:
        raise ReadersUsageError(refused, _GIVEN.get()) from refused


def sentence(error: UsageError, given: Sequence[str] = ()) -> str:
    """What ``error`` says, in the language being spoken."""
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        name = _hint(error)
        reason = _reason(error.message, _value(error, given))
        if name is None:
            return _(INVALID).format(reason=reason)
        return _(INVALID_FOR).format(name=name, reason=reason)
    if isinstance(error, NoSuchOption):
        return _no_such_option(error)
    if isinstance(error, BadOptionUsage):
        for pattern, template in _OPTION_USAGE:
            found = pattern.match(error.message)
            if found:
                return _(template).format(**found.groupdict())
        return error.message
    if isinstance(error, BadArgumentUsage):
        found = _ARGUMENT_USAGE.match(error.message)
        if found:
            return _("Argument {name} takes {count} values.").format(**found.groupdict())
        return error.message
    return _plain(error)


def _missing(error: MissingParameter) -> str:
    name = _hint(error)
    if not name:
        return error.format_message()
    kind = error.param_type or (error.param.param_type_name if error.param is not None else None)
    said = _(MISSING.get(kind or "", MISSING_PARAMETER)).format(name=name)
    extra = error.message
    if error.param is not None:
        extra = " ".join(filter(None, (extra, error.param.get_missing_message(ctx=error.ctx))))
    found = _CHOOSE_FROM.match(extra.strip()) if extra else None
    if found:
        choices = ", ".join(
            c.strip().rstrip(",") for c in found["choices"].split("\n") if c.strip()
        )
        return _(CHOOSE_FROM).format(missing=said, choices=choices)
    return f"{said} {extra}" if extra else said


def _no_such_option(error: NoSuchOption) -> str:
    name = error.option_name
    if error.message != f"No such option: {name}":
        return error.format_message()  # a message of its own, as written
    if error.possibilities:
        return _(NO_SUCH_OPTION_POSSIBLE).format(
            name=name, possibilities=", ".join(sorted(error.possibilities))
        )
    return _(NO_SUCH_OPTION).format(name=name)


def _plain(error: UsageError) -> str:
    message = error.message
    found = _NO_SUCH_COMMAND.match(message)
    if found:
        if found["suggestions"]:  # the close matches the group suggests, quoted
            return _(NO_SUCH_COMMAND_MEANT).format(
                name=found["name"], suggestions=found["suggestions"]
            )
        return _(NO_SUCH_COMMAND).format(name=found["name"])
    found = _EXTRA.match(message)
    if found:
        extra = found["extra"]
        return ngettext(
            "Got unexpected extra argument ({arguments})",
            "Got unexpected extra arguments ({arguments})",
            len(extra.split()),
        ).format(arguments=extra)
    if message == "Missing command.":
        return _("Missing command.")
    return message


def _hint(error: BadParameter) -> str | None:
    """The parameter at fault as the framework names it (``'--port'``, ``'CHARTER.yaml'``)."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(part) for part in hint)


def _value(error: BadParameter, given: Sequence[str]) -> str | None:
    """The value the command line gave the refused option (quoted), when it is an option's."""
    param = error.param
    names = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
    value = None
    for index, arg in enumerate(given):
        if arg == "--":
            break
        for name in names:
            if arg == name and index + 1 < len(given):
                value = given[index + 1]
            elif name.startswith("--") and arg.startswith(f"{name}="):
                value = arg.removeprefix(f"{name}=")
    return None if value is None else repr(value)


def _reason(message: str, value: str | None) -> str:
    for pattern, render in REASONS:
        found = pattern.match(message)
        if found:
            return render(found, value)
    return message
