"""What a reader of poolgov's Slack output checks: every ``<…>`` token in mrkdwn is one poolgov
built (a date, a mention of a validated id it meant, a channel), never one a person typed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

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
