"""The mrkdwn audit: what poolgov sent the Slack stand-in never mentions, broadcasts or links
on a person's behalf.

Every mrkdwn string poolgov sent (a message's ``text``, each ``mrkdwn`` text object in its blocks,
in modals and in App Home), as the stand-in recorded each call, is read as Slack reads it: a raw
``<`` opens a control sequence (judged by :func:`tests.mrkdwn_audit.unsafe_tokens`). Text
people typed reaches Slack escaped (``&lt;``), so every raw ``<`` must open a sequence poolgov
built itself: a mention of a user the workspace has (``<@U0ACME1>``), a date (``<!date^…>``), or
a channel poolgov knows. Anything else (``<!channel>``, ``<@U0FUZZ1>``, ``<http://…|label>``)
came from someone's text.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from bot.sandbox import FakeSlack
from tests.mrkdwn_audit import unsafe_tokens

#: Methods whose parameters carry what people see.
SHOWN_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.update",
        "chat.scheduleMessage",
        "views.open",
        "views.push",
        "views.update",
        "views.publish",
        "response_url",
    }
)
_ENCODED = ("blocks", "view", "attachments")


@dataclass(frozen=True)
class Leak:
    """A control sequence in something poolgov sent that poolgov did not build."""

    method: str
    sequence: str
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 300 else self.text[:300] + "…"
        return f"{self.method}: {self.sequence!r} in {shown!r}"


def leaks(
    fake: FakeSlack,
    users: Collection[str],
    channels: Collection[str] = (),
    since: int = 0,
) -> list[Leak]:
    """Every sequence in calls after the ``since``-th that poolgov could not have built."""
    found: list[Leak] = []
    for call in fake.calls()[since:]:
        if call.method not in SHOWN_METHODS:
            continue
        for text in mrkdwn_texts(call.method, call.params):
            found += [Leak(call.method, s, text) for s in foreign(text, users, channels)]
    return found


def mrkdwn_texts(method: str, params: Any) -> Iterator[str]:
    """The strings of one call that Slack renders as mrkdwn."""
    params = dict(params) if isinstance(params, dict) else {}
    for key in _ENCODED:
        value = params.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    top = params.get("text")
    chat = method.startswith(("chat.", "response_url"))
    if isinstance(top, str) and chat and params.get("mrkdwn", True) not in (False, "false"):
        yield top
    for key in _ENCODED:
        yield from _walk(params.get(key))


def _walk(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield node["text"]
        for key in ("text", "pretext", "fallback", "footer"):  # attachments are mrkdwn too
            if "color" in node and isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            if isinstance(value, dict | list):
                yield from _walk(value)


def foreign(text: str, users: Collection[str], channels: Collection[str] = ()) -> list[str]:
    """The control sequences of ``text`` that are not a mention, date or channel poolgov built."""
    return unsafe_tokens(text, users, channels)
