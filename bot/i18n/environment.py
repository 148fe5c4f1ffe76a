"""The language the command line speaks: ``--lang`` when given, else the environment's.

The environment is read as gettext reads it: ``LANGUAGE`` (a colon-separated list), then
``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the first that names a language poolgov speaks wins
(``zh_CN.UTF-8`` → Chinese, ``en_US.UTF-8`` → English). ``C``, ``POSIX`` and anything else
poolgov does not speak leave English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.i18n.languages import Language, language_from_tag

VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
#: what ``--lang`` accepts, as the help shows it
CHOICES = ("en", "zh-Hans")


class UnknownLanguage(ValueError):
    """``--lang`` names no language poolgov speaks."""

    def __init__(self, given: str) -> None:
        super().__init__(f"{given!r} is not a language poolgov speaks; use en or zh-Hans")
        self.given = given


def parse_language(given: str) -> Language:
    """``--lang``'s value (``en``, ``zh-Hans``, ``zh_Hans``, ``zh-CN``…) as a language, or
    :class:`UnknownLanguage`."""
    found = language_from_tag(given.strip())
    if found is None:
        raise UnknownLanguage(given)
    return found


def environment_language(environ: Mapping[str, str] | None = None) -> Language | None:
    """The language the environment asks for, or ``None`` when it names none poolgov speaks."""
    values = os.environ if environ is None else environ
    for variable in VARIABLES:
        value = values.get(variable, "")
        if not value:
            continue
        for tag in value.split(":"):
            if tag in {"C", "POSIX"} or tag.startswith(("C.", "POSIX.")):
                continue
            found = language_from_tag(tag)
            if found is not None:
                return found
        if variable != "LANGUAGE":
            return None  # the first locale variable set decides, as in POSIX
    return None


def cli_language(given: str | None = None, environ: Mapping[str, str] | None = None) -> Language:
    """``--lang`` when given (:class:`UnknownLanguage` if poolgov does not speak it), else the
    environment's language, else English."""
    if given is not None:
        return parse_language(given)
    return environment_language(environ) or Language.EN
