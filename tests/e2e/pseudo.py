"""Under the pseudo-locale every catalog message comes out as ``⟦…⟧``: what poolgov sends to the
stand-in Slack must then be made only of marked messages and data (names, numbers, ids, dates,
Slack's ``<…>`` tokens, what people typed). Anything else bypassed the catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from bot.i18n.speech import PSEUDO_CLOSE, PSEUDO_OPEN
from bot.sandbox import ApiCall

#: The calls that carry text people read.
SENDING = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "response_url",
    "views.open",
    "views.push",
    "views.update",
    "views.publish",
)
_INNERMOST = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
_SLACK_TOKEN = re.compile(r"<[^<>\s][^<>]*>")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
#: a word holding a digit: an id (M-2027-001, C0ASSEMBLY), a number, a share, a date, a time
_WITH_DIGIT = re.compile(r"[^\s*_~`()\[\],;]*\d[^\s*_~`()\[\],;]*")
#: punctuation, mrkdwn's marks, the bars of a tally and the escapes of & < >
_FILLER = re.compile(r"(?:&amp;|&lt;|&gt;|[\s\W_█░┃▌•·—–…])+")


@dataclass(frozen=True)
class Unmarked:
    method: str
    text: str
    left: str

    def __str__(self) -> str:
        return f"{self.method}: {self.left!r} in {self.text[:200]!r}"


def texts(call: ApiCall) -> Iterator[str]:
    """Every text a person reads in one call: the notification text and each text object."""
    params = call.params
    if isinstance(params.get("text"), str):
        yield params["text"]
    for key in ("blocks", "attachments", "view"):
        value = params.get(key)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                continue
        yield from _text_objects(value)


def _text_objects(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        if value.get("type") in {"plain_text", "mrkdwn"} and isinstance(value.get("text"), str):
            yield value["text"]
        if isinstance(value.get("alt_text"), str):
            yield value["alt_text"]
        for key, inner in value.items():
            if key not in {"text", "alt_text"} or not isinstance(inner, str):
                yield from _text_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _text_objects(inner)


def unmarked_part(text: str, data: Iterable[str]) -> str:
    """What of ``text`` is neither a marked message nor data (empty when all is well)."""
    left = text
    while True:
        stripped = _INNERMOST.sub(" ", left)
        if stripped == left:
            break
        left = stripped
    if PSEUDO_OPEN in left:  # a marked message cut short at a Block Kit limit
        left = left[: left.index(PSEUDO_OPEN)]
    left = _SLACK_TOKEN.sub(" ", left)
    for datum in sorted({d for d in data if d}, key=len, reverse=True):
        left = left.replace(datum, " ")
        escaped = datum.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        left = left.replace(escaped, " ")
    left = _EMOJI.sub(" ", left)
    left = _WITH_DIGIT.sub(" ", left)
    return _FILLER.sub(" ", left).strip()


def unmarked(calls: Iterable[ApiCall], data: Iterable[str]) -> list[Unmarked]:
    """Each text sent that holds something neither marked nor data."""
    known = list(data)
    found: list[Unmarked] = []
    seen: set[str] = set()
    for call in calls:
        if call.method not in SENDING:
            continue
        for text in texts(call):
            left = unmarked_part(text, known)
            if left and text not in seen:
                seen.add(text)
                found.append(Unmarked(call.method, text, left))
    return found
