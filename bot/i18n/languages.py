"""The languages poolgov speaks, and how a Slack locale, a charter value or ``LANG`` names one."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """A catalog poolgov ships: its value is the catalog's directory under ``bot/locale``."""

    EN = "en"
    ZH_HANS = "zh_Hans"

    @property
    def tag(self) -> str:
        """The BCP 47 tag, as the charter writes it (``pool.language: zh-Hans``)."""
        return self.value.replace("_", "-")


def language_from_tag(tag: str | None) -> Language | None:
    """The language a tag names, or ``None`` for one poolgov does not speak.

    Slack's ``zh-CN``, the charter's ``zh-Hans``, ``LANG``'s ``zh_CN.UTF-8`` and a browser's
    ``zh-Hans-CN`` are all Chinese; ``en-US``, ``en_GB.UTF-8`` and ``en`` are English.
    Traditional Chinese (``zh-TW``, ``zh-Hant``) is not Simplified: ``None``.
    """
    if not tag:
        return None
    parts = tag.split(".")[0].replace("_", "-").lower().split("-")
    if parts[0] == "en":
        return Language.EN
    if parts[0] == "zh" and not {"hant", "tw", "hk", "mo"} & set(parts[1:]):
        return Language.ZH_HANS
    return None
