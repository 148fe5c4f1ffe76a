"""Complaint submissions parsed at the edge, with errors for Slack to show on their fields.

Error messages never quote what was typed: a refusal may be logged, and the text is confidential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.i18n import _
from governance.complaints import ComplaintCategory

StateValues = Mapping[str, Mapping[str, Mapping[str, Any]]]


class FormInvalid(Exception):
    """A submission with ``{block_id: message}`` errors (messages never quote the input)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(sorted(errors))
        self.errors = errors

    def __str__(self) -> str:
        return "invalid fields: " + ", ".join(sorted(self.errors))


@dataclass(frozen=True, repr=False)
class Filing:
    category: ComplaintCategory
    title: str = field(repr=False)
    concern: str = field(repr=False)
    evidence: tuple[str, ...] = ()
    anonymous: bool = False

    def __repr__(self) -> str:
        return f"Filing(category={self.category.value!r}, <content hidden>)"


def _value(values: StateValues, block: str) -> Mapping[str, Any]:
    return values.get(block, {}).get("value", {})


def text_value(values: StateValues, block: str) -> str:
    return str(_value(values, block).get("value") or "").strip()


def parse_filing(values: StateValues, anonymous_allowed: bool) -> Filing:
    errors: dict[str, str] = {}
    selected = _value(values, "category").get("selected_option") or {}
    try:
        category = ComplaintCategory(str(selected.get("value", "")))
    except ValueError:
        errors["category"] = _("Choose a category.")
        category = ComplaintCategory.OTHER
    title, concern = text_value(values, "title"), text_value(values, "concern")
    if not title:
        errors["title"] = _("Give the complaint a title.")
    if not concern:
        errors["concern"] = _("Describe the concern.")
    links = tuple(
        line.strip() for line in text_value(values, "evidence").splitlines() if line.strip()
    )
    for number, link in enumerate(links, start=1):
        parts = urlsplit(link)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            errors["evidence"] = _("Line {number} is not an http(s) link.").format(number=number)
            break
    chosen = _value(values, "anonymous").get("selected_options") or []
    anonymous = any(option.get("value") == "yes" for option in chosen)
    if anonymous and not anonymous_allowed:
        errors["anonymous"] = _("The charter does not allow anonymous complaints.")
    if errors:
        raise FormInvalid(errors)
    return Filing(category, title, concern, links, anonymous)


def parse_text(values: StateValues, block: str, message: str) -> str:
    text = text_value(values, block)
    if not text:
        raise FormInvalid({block: message})
    return text
