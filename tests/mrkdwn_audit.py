"""What a reader of poolgov's Slack output checks: every ``<…>`` token in mrkdwn is one poolgov
built (a date, a mention of a validated id it meant, a channel), never one a person typed.

Used on built messages (:func:`message_problems`) and on what the Slack stand-in recorded
(:func:`leaks`): every mrkdwn string poolgov sent (a message's ``text``, each ``mrkdwn`` text
object in its blocks, in modals and in App Home) is read as Slack reads it, where a raw ``<``
opens a control sequence. Text people typed reaches Slack escaped (``&lt;``), so every raw ``<``
must open a sequence poolgov built itself: a mention of a user the workspace has, a date
(``<!date^…>``), or a channel poolgov knows. Anything else (``<!channel>``, ``<@U0FUZZ1>``,
``<http://…|label>``) came from someone's text.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.sandbox import FakeSlack

#: What a hostile representative or operator types: broadcasts, a mention, a channel link, a
#: link with a misleading label, an entity and an HTML-looking tag.
HOSTILE = (
    "<!channel> <!here> <!everyone> <@U0EVIL1> <#C0EVIL1> "
    "<https://evil.example/vote|your ballot receipt> &amp; <b>bold</b>"
)
#: How HOSTILE must read once escaped: shown whole, as text.
HOSTILE_SHOWN = (
    "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0EVIL1&gt; &lt;#C0EVIL1&gt; "
    "&lt;https://evil.example/vote|your ballot receipt&gt; &amp;amp; &lt;b&gt;bold&lt;/b&gt;"
)

_TOKEN = re.compile(r"<([^<>]*)>?")
_DATE = re.compile(r"^!date\^\d+\^[^|<>]*\|[^<>|]*$")
_USER = re.compile(r"^@([UW][A-Z0-9]{2,20})$")
_CHANNEL = re.compile(r"^#([CGD][A-Z0-9]{2,20})$")


def mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every ``mrkdwn`` text object's text in blocks, a view or a message, recursively."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for child in value.values():
            yield from mrkdwn_texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from mrkdwn_texts(child)


def unsafe_tokens(
    text: str, mentions: Iterable[str] = (), channels: Iterable[str] = ()
) -> list[str]:
    """The ``<…>`` tokens in ``text`` poolgov did not mean: anything but a date token, a mention
    of one of ``mentions`` or a link to one of ``channels``."""
    meant_users, meant_channels = set(mentions), set(channels)
    bad = []
    for match in _TOKEN.finditer(text):
        inner = match.group(1)
        user, room = _USER.match(inner), _CHANNEL.match(inner)
        if _DATE.match(inner) and match.group(0).endswith(">"):
            continue
        if user and user.group(1) in meant_users:
            continue
        if room and room.group(1) in meant_channels:
            continue
        bad.append(match.group(0))
    return bad


def message_problems(
    text: str | None,
    blocks: Any,
    mentions: Iterable[str] = (),
    channels: Iterable[str] = (),
) -> list[str]:
    """Unsafe tokens in a message's notification text (mrkdwn too) and its blocks' mrkdwn."""
    mentions, channels = tuple(mentions), tuple(channels)
    texts = [*([text] if text is not None else []), *mrkdwn_texts(blocks)]
    return [bad for t in texts for bad in unsafe_tokens(t, mentions, channels)]


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
        for text in call_texts(call.method, call.params):
            found += [Leak(call.method, s, text) for s in unsafe_tokens(text, users, channels)]
    return found


def call_texts(method: str, params: Any) -> Iterator[str]:
    """The strings of one recorded call that Slack renders as mrkdwn."""
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
