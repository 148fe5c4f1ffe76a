"""Saying a :class:`governance.phrases.Phrase` (a charter problem, for one) in the language being
spoken: its template through the catalog, filled with the same values."""

from __future__ import annotations

from bot.i18n import _
from governance.errors import Problem
from governance.phrases import Phrase


def in_language(text: str) -> str:
    """``text`` in the language being spoken if it is a :class:`Phrase`, else ``text`` as it is
    (data, or a message not yet marked)."""
    if not isinstance(text, Phrase):
        return text
    values = {
        name: in_language(value) if isinstance(value, str) else value
        for name, value in text.values.items()
    }
    return _(text.template).format(**values)


def problem_line(problem: Problem) -> str:
    """A problem at its key path, as ``str(problem)`` gives it, in the language being spoken."""
    message = in_language(problem.message)
    if not problem.path:
        return message
    return _("{path}: {problem}").format(path=problem.path, problem=message)
