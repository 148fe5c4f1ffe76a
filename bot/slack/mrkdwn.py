"""Text that may go into a Slack ``mrkdwn`` field, and the blocks that take only such text.

mrkdwn gives ``&``, ``<`` and ``>`` a meaning: ``<!channel>`` notifies a whole channel, ``<@U…>``
mentions someone, ``<https://x|label>`` shows a label instead of an address. Text a person typed
(titles, reasons, agenda items, minutes, the names in the charter) must never do any of that, so
it only ever enters mrkdwn through this module:

- :class:`Mrkdwn` is a ``str`` whose every character came from poolgov's own words or was
  escaped. The block builders here (:func:`section`, :func:`context`, :func:`field_section`)
  and every message builder take ``Mrkdwn`` and refuse a plain ``str`` (mypy at check time,
  a ``TypeError`` at run time), so text that skipped escaping cannot reach Slack by accident.
- :func:`plain` escapes a person's text with Slack's own three replacements and nothing else.
- :func:`md` fills one of poolgov's templates: ``str`` arguments are escaped, ``Mrkdwn`` ones
  go in as they are. Adding or joining a ``str`` to a ``Mrkdwn`` escapes the ``str`` too.
- :func:`mention`, :func:`channel`, :func:`date_token` and :func:`link` build the only tokens
  poolgov means to send, from a validated id, an instant, or one of poolgov's own addresses;
  never from what someone typed.

A template is poolgov's own text: :func:`md` and ``Mrkdwn(...)`` are called with a string
literal only, and ``Mrkdwn(...)`` only here (``tests/unit/bot/test_mrkdwn_everywhere.py`` reads
the source to hold every module to that).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, SupportsIndex
from urllib.parse import urlsplit

Block = dict[str, Any]

#: Slack's limit on a section's text.
SECTION_LIMIT = 3000
#: Slack's limit on a header's text.
HEADER_LIMIT = 150

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,20}$")
#: an unfinished entity (``&am``) or token (``<!date^…``) at the end of clipped text
_OPEN_TAIL = re.compile(r"(&[a-z]{0,4}|<[^<>]*)$")


class Mrkdwn(str):
    """mrkdwn that is safe to send: poolgov's own words, escaped text and tokens poolgov built.

    Concatenation keeps it safe: ``Mrkdwn + str`` and ``Mrkdwn.join(strs)`` escape the ``str``.
    Everything else ``str`` does (slicing, ``replace``, ``%``, f-strings) gives a plain ``str``,
    which the builders refuse.
    """

    __slots__ = ()

    def __add__(self, other: str) -> Mrkdwn:
        return Mrkdwn(str.__add__(self, _safe(other)))

    def __radd__(self, other: str) -> Mrkdwn:
        return Mrkdwn(str.__add__(_safe(other), self))

    def join(self, parts: Iterable[str]) -> Mrkdwn:
        return Mrkdwn(str.join(self, [_safe(part) for part in parts]))

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        return str(self)[key]  # a slice may cut a token in half: see :func:`clip`


EMPTY = Mrkdwn("")
NEWLINE = Mrkdwn("\n")


def escape(text: str) -> str:
    """Slack's own rule for text that must stay text: ``&``, ``<`` and ``>``, nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> Mrkdwn:
    """A person's text, to be shown as typed: it can never mention, broadcast or link."""
    return text if isinstance(text, Mrkdwn) else Mrkdwn(escape(str(text)))


def _safe(value: object) -> str:
    if isinstance(value, Mrkdwn):
        return value
    if isinstance(value, str):
        return escape(value)
    raise TypeError(f"only text goes into mrkdwn, not {type(value).__name__}")


def _arg(value: object) -> object:
    """A template's argument: text escaped, a number as it is (its format spec still applies)."""
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"only text and numbers go into mrkdwn, not {type(value).__name__}")
    return value


def md(template: str, /, *args: str | int | float, **kwargs: str | int | float) -> Mrkdwn:
    """Fill poolgov's ``template`` (a string literal, ``str.format`` syntax): text arguments are
    escaped unless they are :class:`Mrkdwn` already; numbers keep their format spec."""
    return Mrkdwn(
        template.format(*(_arg(a) for a in args), **{k: _arg(v) for k, v in kwargs.items()})
    )


def lines(parts: Iterable[str]) -> Mrkdwn:
    """Lines joined by newlines, each escaped unless it is :class:`Mrkdwn`."""
    return NEWLINE.join(parts)


def bold(text: str) -> Mrkdwn:
    return md("*{}*", text)


def italic(text: str) -> Mrkdwn:
    return md("_{}_", text)


def code(text: str) -> Mrkdwn:
    """``text`` in a code span: an id or key someone chose, shown exactly and escaped."""
    return md("`{}`", text.replace("`", "'"))


def mention(user_id: str) -> Mrkdwn:
    """``<@U…>`` for a validated Slack user id; anything else is shown as text, not a mention."""
    if USER_ID.match(user_id):
        return Mrkdwn(f"<@{user_id}>")
    return code(user_id)


def channel(channel_id: str) -> Mrkdwn:
    """``<#C…>`` for a validated Slack conversation id; anything else is shown as text."""
    if CHANNEL_ID.match(channel_id):
        return Mrkdwn(f"<#{channel_id}>")
    return code(channel_id)


#: Slack's own words for a date: the day in the reader's language, the time in their zone.
DATE_LONG = "{date_long_pretty} {time}"


def date_token(instant: datetime, fmt: str = DATE_LONG, fallback: str | None = None) -> Mrkdwn:
    """Slack shows the instant in each reader's own time zone; ``fallback`` (what a client that
    cannot render the token shows) defaults to the instant in UTC, in English."""
    if fallback is None:
        # imported here: bot.i18n builds its texts with this module
        from bot.i18n.formats import utc_fallback
        from bot.i18n.languages import Language

        fallback = utc_fallback(instant, Language.EN)
    return Mrkdwn(f"<!date^{int(instant.timestamp())}^{escape(fmt)}|{escape(fallback)}>")


def link(url: str, label: str) -> Mrkdwn:
    """A link to one of poolgov's own addresses (``http(s)``, no characters mrkdwn would read),
    under an escaped label. Never call it with an address a person typed: show that with
    :func:`plain`, which Slack leaves unlinked only when it is not a bare URL, so prefer
    :func:`code` for it."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"[\s<>|]", url):
        raise ValueError(f"not an address poolgov links to: {url!r}")
    return Mrkdwn(f"<{url}|{escape(label).replace('|', '¦')}>")


def clip(text: Mrkdwn, limit: int) -> Mrkdwn:
    """At most ``limit`` characters, ending with ``…`` if cut; never inside an entity or token."""
    _require(text)
    if len(text) <= limit:
        return text
    head = _OPEN_TAIL.sub("", str(text)[: limit - 1])
    return Mrkdwn(head + "…")


def split(text: Mrkdwn, limit: int) -> list[Mrkdwn]:
    """``text`` in pieces of at most ``limit`` characters that join back to it, each cut only
    between entities and tokens, so each piece is as safe as the whole."""
    _require(text)
    out: list[Mrkdwn] = []
    rest = str(text)
    while len(rest) > limit:
        window = rest[:limit]
        tail = _OPEN_TAIL.search(window)
        cut = tail.start() if tail is not None and tail.start() > 0 else limit
        out.append(Mrkdwn(rest[:cut]))
        rest = rest[cut:]
    out.append(Mrkdwn(rest))
    return out


def _require(text: object) -> None:
    if not isinstance(text, Mrkdwn):
        raise TypeError(
            "mrkdwn text must be Mrkdwn: escape a person's text with plain() or md(), "
            f"not {type(text).__name__} {str(text)[:40]!r}"
        )


def require(text: Mrkdwn) -> Mrkdwn:
    """``text`` itself, after checking at run time that it is :class:`Mrkdwn`."""
    _require(text)
    return text


def text_object(text: Mrkdwn, limit: int = SECTION_LIMIT) -> dict[str, str]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def section(text: Mrkdwn) -> Block:
    return {"type": "section", "text": text_object(text)}


def context(text: Mrkdwn) -> Block:
    return {"type": "context", "elements": [text_object(text)]}


def plain_text(text: str, limit: int = 75) -> dict[str, str]:
    """A ``plain_text`` object: Slack does not parse it, so a person's text goes in as it is."""
    text = str(text)
    return {"type": "plain_text", "text": (text if len(text) <= limit else text[: limit - 1] + "…")}


def header(text: str) -> Block:
    return {"type": "header", "text": plain_text(text, HEADER_LIMIT)}


def plain_section(text: str) -> Block:
    """A person's text shown in a section as plain text (no mentions or links render)."""
    return {"type": "section", "text": plain_text(text or " ", SECTION_LIMIT)}
