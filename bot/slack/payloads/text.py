"""What people type, checked once for characters no storage engine keeps alike.

PostgreSQL refuses a NUL in a text column and a lone surrogate cannot be encoded, while SQLite
stores both; other control characters would reach Slack's messages and the exported record.
So a command's text and every text a modal returns are refused, in words, if they hold a control
character other than tab, line feed and carriage return, on both engines the same.
"""

from __future__ import annotations

import re

from bot.i18n import t
from bot.slack.mrkdwn import Mrkdwn

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(text: str) -> str | None:
    """``U+0000`` for the first control character in ``text``, or None if it has none."""
    found = _CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def refusal(code: str) -> Mrkdwn:
    return t(
        "Your text holds a control character ({code}), which poolgov does not store; "
        "type it again without it. Nothing was recorded.",
        code=code,
    )
