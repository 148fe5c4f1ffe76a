"""A charter text given in more than one language: the pool's name, a member's name, a meeting's
title, the competition notice (``name: {zh-Hans: 示例专利池, en: Example Pool}``).

A :class:`Bilingual` *is* a ``str``, the text in the pool's language (``pool.language``), else in
the other language the charter gives; code that does not care about languages uses it as any
name. Its :attr:`~Bilingual.versions` give each language's text, keyed by catalog name (``en``,
``zh_Hans``), which is what ``bot.i18n.local`` reads to show the reader's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: The languages a charter text may be written in: the charter's tag → the catalog's name.
TAGS: Mapping[str, str] = MappingProxyType({"en": "en", "zh-Hans": "zh_Hans"})
DEFAULT_LANGUAGE = "en"


def catalog_name(tag: str) -> str | None:
    """``zh-Hans`` → ``zh_Hans``, ``en`` → ``en``; ``None`` for a tag poolgov does not speak."""
    return TAGS.get(tag)


class Bilingual(str):
    """A text with a version per language; as a ``str``, the version in the pool's language."""

    versions: Mapping[str, str]

    def __new__(cls, versions: Mapping[str, str], preferred: str = DEFAULT_LANGUAGE) -> Bilingual:
        if not versions:
            raise ValueError("a bilingual text needs at least one version")
        shown = versions.get(preferred) or next(iter(versions.values()))
        text = super().__new__(cls, shown)
        text.versions = MappingProxyType(dict(versions))
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (Bilingual, (dict(self.versions), self._preferred()))

    def _preferred(self) -> str:
        return next(lang for lang, text in self.versions.items() if text == str(self))

    def __repr__(self) -> str:
        return f"Bilingual({dict(self.versions)!r})"


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` (a catalog name) when it is bilingual and has that version; else the
    text as it is (the pool's language, or the only language it is written in)."""
    versions: Mapping[str, str] | None = getattr(text, "versions", None)
    if not versions:
        return str(text)
    return versions.get(lang) or str(text)


def keep_versions(stored: str, written: str) -> str:
    """The register's ``stored`` name with the charter's versions of it, if it is the same text
    the charter wrote (the register keeps one text per name; the charter keeps both)."""
    if isinstance(written, Bilingual) and not isinstance(stored, Bilingual) and stored == written:
        return written
    return stored
