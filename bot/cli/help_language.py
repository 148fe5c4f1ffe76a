"""``--help`` in the reader's language.

Typer keeps each command's help (its docstring or ``help=``) and each parameter's ``help=`` in
English and builds the click command tree from them when ``poolgov`` starts. :class:`PoolgovGroup`
is the root of that tree: before it parses anything it settles the language (``--lang`` anywhere
on the command line, else ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), translates every
help text of the tree through the catalog (:func:`translate_tree`), and runs the command speaking
that language. The framework's own words (``Usage:``, ``Options``, ``[required]``…) go through
the catalog in :class:`HelpFormatter`. ``make catalog`` extracts the help texts from the built
tree (:func:`help_texts`), so a new command or option cannot be left without its Chinese.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import typer
import typer.core
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter as ClickHelpFormatter

from bot.cli.usage_errors import command_line, in_readers_words
from bot.i18n import N_, Language, _, speaking
from bot.i18n.environment import UnknownLanguage, cli_language, environment_language
from bot.i18n.speech import PSEUDO_CLOSE, PSEUDO_OPEN

#: what the framework writes around the help texts, looked up when the help is written
HEADINGS = {
    "Options": N_("Options:"),
    "Arguments": N_("Arguments:"),
    "Commands": N_("Commands:"),
}
HELP_OPTION = N_("Show this message and exit.")
_EXTRAS = re.compile(r"\[(?P<parts>[^\[\]]*)\]$")
#: a full stop then a capital (not "e.g. after"), or a Chinese full stop
_SENTENCE_END = re.compile(r"(?<=\.)(?=\s+[A-Z`]|$)|(?<=。)")


def requested_language(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Language:
    """The language a command line asks for: its ``--lang`` when that names one poolgov speaks,
    else the environment's, else English (a bad ``--lang`` is the command's to refuse)."""
    given: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            given = args[index + 1]
        elif arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
    if given is not None:
        try:
            return cli_language(given)
        except UnknownLanguage:
            pass
    return environment_language(environ) or Language.EN


def commands(root: Command) -> Iterator[tuple[tuple[str, ...], Command]]:
    """Every command of the tree under ``root`` with its path of names, ``root`` first."""
    stack: list[tuple[tuple[str, ...], Command]] = [((), root)]
    while stack:
        path, command = stack.pop(0)
        yield path, command
        children: Mapping[str, Command] = getattr(command, "commands", {})
        stack.extend(((*path, name), child) for name, child in children.items())


def help_texts(root: Command) -> Iterator[str]:
    """Every help text of the tree (commands' and parameters'), in English, for the catalog."""
    yield HELP_OPTION
    for _path, command in commands(root):
        for text in (command.help, command.short_help, command.epilog):
            if text:
                yield text
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                yield text


def translate_tree(root: Command) -> None:
    """Every help text of the tree in the language being spoken (the English kept aside, so the
    tree can be translated again into another language)."""
    for _path, command in commands(root):
        english: dict[str, Any] = command.__dict__.setdefault("_poolgov_english", {})
        for attribute in ("help", "epilog"):
            text = english.setdefault(attribute, getattr(command, attribute))
            if text:
                setattr(command, attribute, _(text))
        short = english.setdefault("short_help", command.short_help)
        command.short_help = _(short) if short else first_sentence(command.help or "")
        for param in command.params:
            text = english.setdefault(f"param:{param.name}", getattr(param, "help", None))
            if text:
                param.help = _(text)  # type: ignore[attr-defined]
        command.context_class = HelpContext


def first_sentence(text: str) -> str:
    """The first sentence of a help text, for the list of commands (kept whole: clipping it at a
    width would cut a Chinese sentence or a pseudo-locale mark in two)."""
    inner, marked = text, text.startswith(PSEUDO_OPEN) and text.endswith(PSEUDO_CLOSE)
    if marked:
        inner = text[len(PSEUDO_OPEN) : -len(PSEUDO_CLOSE)]
    paragraph = " ".join(inner.split("\n\n", 1)[0].split())
    found = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: found.start()] if found else paragraph
    return f"{PSEUDO_OPEN}{sentence}{PSEUDO_CLOSE}" if marked else sentence


class HelpFormatter(ClickHelpFormatter):
    """Click's formatter, writing its own words in the language being spoken."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=_("Usage:") + " " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        shown = _(HEADINGS[heading]) if heading in HEADINGS else f"{heading}:"
        self.write(f"{'':>{self.current_indent}}{shown}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, _extras(text)) for term, text in rows], col_max, col_spacing)


def _extras(text: str) -> str:
    """A parameter's help with the framework's ``[default: …; required]`` translated."""
    if text == HELP_OPTION:
        return _(HELP_OPTION)
    found = _EXTRAS.search(text)
    if found is None:
        return text
    parts = [_extra(part) for part in found["parts"].split("; ")]
    if None in parts:
        return text  # a bracket of the help text itself
    return f"{text[: found.start()]}[{_('; ').join(p for p in parts if p)}]"


def _extra(part: str) -> str | None:
    if part == "required":
        return _("required")
    for prefix, template in (
        ("default: ", N_("default: {value}")),
        ("env var: ", N_("env var: {value}")),
    ):
        if part.startswith(prefix):
            return _(template).format(value=part.removeprefix(prefix))
    return None


class HelpContext(Context):
    formatter_class = HelpFormatter


class PoolgovGroup(typer.core.TyperGroup):
    """The root of ``poolgov``: its help and its commands', and the usage errors of the whole
    command line (:mod:`bot.cli.usage_errors`), in the reader's language."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        with in_readers_words():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with in_readers_words():
            return super().invoke(ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        with speaking(requested_language(given)), command_line(given):
            translate_tree(self)
            return super().main(
                given, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
