"""What a check found, or why storage refuses, as a sentence people read in their own language.

A :class:`Finding` is the English sentence (it is a ``str``, so a report reads as before), and it
keeps its template and values: the command line, which speaks the reader's language, translates
the template through the catalog and fills it again (``bot.cli.audit_check``). ``make catalog``
extracts the templates (``Finding`` is one of its markers). A value may be a finding itself, or a
list of findings, which reads as the list joined with ``; ``.

An error of storage that people read (an archive that cannot be restored, an unreadable export, a
bad signing key) keeps its sentence as a Finding too, in its ``finding``: ``str(error)`` is the
English, and the command line says it in the reader's language (``bot.cli.common.said``).
:class:`FindingError` is the plain kind, made from the Finding alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Value = object


def N_(template: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark a template for the catalog, to be made a :class:`Finding` where it is used."""
    return template


class Finding(str):
    template: str
    values: dict[str, Value]

    def __new__(cls, template: str, /, **values: Value) -> Finding:
        made = super().__new__(cls, template.format(**{k: _english(v) for k, v in values.items()}))
        made.template, made.values = template, values
        return made

    def rendered(self, translate: Callable[[str], str]) -> str:
        """The sentence in the language ``translate`` speaks."""
        return translate(self.template).format(
            **{k: _rendered(v, translate) for k, v in self.values.items()}
        )

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt from its template and values (its English may hold braces of its own)
        return (_remade, (self.template, self.values))


def _remade(template: str, values: dict[str, Value]) -> Finding:
    return Finding(template, **values)


class FindingError(Exception):
    """An error whose message is :attr:`finding`; ``str(error)`` reads it in English."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding)
        self.finding = finding

    def __str__(self) -> str:
        return str(self.finding)


def _english(value: Value) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def _rendered(value: Value, translate: Callable[[str], str]) -> str:
    if isinstance(value, Finding):
        return value.rendered(translate)
    if isinstance(value, list | tuple):
        items: Sequence[Value] = value
        return translate("; ").join(_rendered(item, translate) for item in items)
    return str(value)
