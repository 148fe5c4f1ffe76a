"""The language being spoken, and the catalog lookups in it."""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from bot.i18n.languages import Language
from bot.slack.mrkdwn import Mrkdwn, md

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "poolgov"

_SPOKEN: ContextVar[Language] = ContextVar("poolgov_language", default=Language.EN)


@cache
def catalog(lang: Language) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang.value], fallback=True)


def language() -> Language:
    """The language being spoken here (English unless :func:`speaking` says otherwise)."""
    return _SPOKEN.get()


@contextmanager
def speaking(lang: Language) -> Iterator[Language]:
    """Speak ``lang`` in this block (and only in this thread or task)."""
    token = _SPOKEN.set(lang)
    try:
        yield lang
    finally:
        _SPOKEN.reset(token)


def _(message: str) -> str:
    """``message`` in the language being spoken."""
    return catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark ``message`` for the catalog without translating it yet."""
    return message


def t(template: str, /, *args: str | int | float, **kwargs: str | int | float) -> Mrkdwn:
    """``template`` translated, then filled as :func:`bot.slack.mrkdwn.md` fills it."""
    return md(_(template), *args, **kwargs)


def tn(
    singular: str, plural: str, n: int, /, *args: str | int | float, **kwargs: str | int | float
) -> Mrkdwn:
    return md(ngettext(singular, plural, n), *args, **kwargs)


def local(text: str) -> str:
    """A charter text in the language being spoken, when the charter gives it in more than one."""
    versions = getattr(text, "versions", None)
    if not versions:
        return text
    return str(versions.get(language().value) or text)
