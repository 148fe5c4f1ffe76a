"""The language being spoken, and the catalog lookups in it."""

from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from bot.i18n.languages import Language
from bot.slack.mrkdwn import Mrkdwn, md

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "poolgov"

#: Set (to anything but ``0``) to speak the pseudo-locale: every catalog message comes out
#: between :data:`PSEUDO_OPEN` and :data:`PSEUDO_CLOSE`, so a text that bypasses the catalog shows.
PSEUDO_ENV = "POOLGOV_PSEUDO_LOCALE"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

_SPOKEN: ContextVar[Language] = ContextVar("poolgov_language", default=Language.EN)


def catalog_path(lang: Language, suffix: str = ".po") -> Path:
    """``bot/locale/<lang>/LC_MESSAGES/poolgov.po`` (or ``.mo``)."""
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def catalog(lang: Language) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang``: the build's ``.mo`` when it is as new as the ``.po``,
    else the ``.po`` compiled here and now (a fresh clone, or a catalog edited since the build)."""
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    po_time = po.stat().st_mtime if po.exists() else None
    if mo.exists() and (po_time is None or mo.stat().st_mtime >= po_time):
        with mo.open("rb") as compiled:
            return _gettext.GNUTranslations(compiled)
    if po_time is None:
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` catalog (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        messages = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    return compiled.getvalue()


def pseudo() -> bool:
    """Whether the pseudo-locale is on (:data:`PSEUDO_ENV`)."""
    return os.environ.get(PSEUDO_ENV, "") not in {"", "0"}


def _marked(text: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if pseudo() else text


def unmarked(text: str) -> str:
    """``text`` without the pseudo-locale's markers (the text itself when it is off)."""
    return text.replace(PSEUDO_OPEN, "").replace(PSEUDO_CLOSE, "")


def upper_first(text: str) -> str:
    """``text`` with its first letter in capitals, past any pseudo-locale markers before it
    (English sentences a refusal's words begin: ``must be 0 or more`` → ``Must be 0 or more``)."""
    start = len(text) - len(text.lstrip(PSEUDO_OPEN))
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


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
    return _marked(catalog(language()).gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return _marked(catalog(language()).ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """``message`` in the language being spoken, as meant in ``context`` (one English word may
    want two translations: a *late* check-in is 迟到, a step done *late* 逾期)."""
    return _marked(catalog(language()).pgettext(context, message))


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark ``message`` for the catalog without translating it yet."""
    return message


def Np_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 (as ``N_``)
    """Mark ``message`` in ``context`` for the catalog; :func:`pgettext` translates the pair."""
    return context, message


def t(template: str, /, *args: str | int | float, **kwargs: str | int | float) -> Mrkdwn:
    """``template`` translated, then filled as :func:`bot.slack.mrkdwn.md` fills it."""
    return md(_(template), *args, **kwargs)


def tn(
    singular: str, plural: str, n: int, /, *args: str | int | float, **kwargs: str | int | float
) -> Mrkdwn:
    return md(ngettext(singular, plural, n), *args, **kwargs)


def filled(
    template: str, facts: Mapping[str, str | int | float], plural: str | None = None, n: int = 1
) -> Mrkdwn:
    """A template marked for the catalog where it was written (``N_``, ``Nn_``), translated,
    then filled as :func:`bot.slack.mrkdwn.md` fills it; with ``plural``, the form ``n`` needs."""
    said = _(template) if plural is None else ngettext(template, plural, n)
    return md(said, **facts)


def local(text: str) -> str:
    """A charter text in the language being spoken, when the charter gives it in more than one.

    A bilingual text (:class:`governance.bilingual.Bilingual`) carries its ``versions`` by
    language; the reader's is taken, else the other one the charter gives.
    """
    versions = getattr(text, "versions", None)
    if not versions:
        return text
    return str(versions.get(language().value) or text)
