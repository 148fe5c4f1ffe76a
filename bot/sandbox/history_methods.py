"""The fake's `conversations.history` and `conversations.replies`: a conversation's messages,
newest first, and a thread's, oldest first, in pages.

As Slack's Web API reference describes it: `latest` (default now: every message so far) and
`oldest` (default 0) bound the range, exclusive unless `inclusive`; `limit` (default 100, at most
999) sizes a page, and
`response_metadata.next_cursor` continues it (`has_more` says whether there is more); thread
replies stay in their threads; `include_all_metadata` adds each message's `metadata`. It needs
`channels:history` for a public channel, `groups:history` for a private one and `im:history` for
a DM, and the bot must be in the conversation.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from bot.sandbox.api_error import ApiError
from bot.sandbox.fake_state import FakeState, Message

DEFAULT_LIMIT = 100
MAX_LIMIT = 999
_SCOPES = {"C": "channels:history", "G": "groups:history", "D": "im:history"}


def history_scope(channel: str) -> str:
    """The scope reading ``channel`` needs (the fake's group DMs are G…, read as private)."""
    return _SCOPES[channel[0]]


def _ts(value: object, error: str, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(str(value))
    except ValueError:
        raise ApiError(error) from None


def _flag(value: object) -> bool:
    return str(value).lower() in {"1", "true"}


def _cursor(ts: str, kind: str = "next_ts") -> str:
    """An opaque cursor, as Slack's are: where the next page starts (``kind``: which method's)."""
    return base64.b64encode(f"{kind}:{ts}".encode()).decode()


def _after_cursor(cursor: object, kind: str = "next_ts") -> float | None:
    """The timestamp a cursor of ``kind`` holds; None for no cursor; ``invalid_cursor`` else."""
    if cursor is None or cursor == "":
        return None
    try:
        text = base64.b64decode(str(cursor), validate=True).decode()
    except ValueError:
        raise ApiError("invalid_cursor") from None
    found, _, ts = text.partition(":")
    if found != kind:
        raise ApiError("invalid_cursor")
    return _ts(ts, "invalid_cursor", 0.0)


def conversations_history(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    channel = params.get("channel")
    if not isinstance(channel, str) or not channel or channel[0] not in _SCOPES:
        raise ApiError("channel_not_found")
    state.require_scope(history_scope(channel))
    channel = state.resolve_channel(channel)
    state.require_member(channel)
    # Slack's `latest` defaults to now; the fake's stamps count messages within a second, so a
    # message can carry a ts a little past its clock: no `latest` means no upper bound
    latest = _ts(params.get("latest"), "invalid_ts_latest", float("inf"))
    oldest = _ts(params.get("oldest"), "invalid_ts_oldest", 0.0)
    inclusive = _flag(params.get("inclusive"))
    with_metadata = _flag(params.get("include_all_metadata"))
    limit = int(str(params.get("limit") or DEFAULT_LIMIT))
    limit = max(1, min(limit, MAX_LIMIT))
    before = _after_cursor(params.get("cursor"))

    def in_range(message: Message) -> bool:
        ts = float(message.ts)
        if message.thread_ts is not None and message.thread_ts != message.ts:
            return False  # a reply: conversations.replies shows it
        if before is not None and ts >= before:
            return False
        upper = ts <= latest if inclusive else ts < latest
        lower = ts >= oldest if inclusive else ts > oldest
        return upper and lower

    found = sorted(
        (m for m in state.channels.get(channel, []) if in_range(m)),
        key=lambda m: float(m.ts),
        reverse=True,
    )
    page, rest = found[:limit], found[limit:]
    answer: dict[str, Any] = {
        "messages": [m.to_api(state.workspace, with_metadata=with_metadata) for m in page],
        "has_more": bool(rest),
        "pin_count": 0,
        "channel_actions_ts": None,
        "channel_actions_count": 0,
    }
    if rest:
        answer["response_metadata"] = {"next_cursor": _cursor(page[-1].ts)}
    return answer


REPLIES_DEFAULT_LIMIT = 1000
REPLIES_MAX_LIMIT = 1000


def conversations_replies(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    """A thread: the message at ``ts`` first, then its replies, oldest first, in pages.

    As Slack's reference describes it: ``channel`` and ``ts`` are required, and ``ts`` must be an
    existing message (``thread_not_found`` otherwise; a message with no replies is returned
    alone); ``latest``/``oldest`` (exclusive unless ``inclusive``) bound the replies; ``limit``
    (default and most 1000) sizes a page and ``response_metadata.next_cursor`` continues it;
    ``include_all_metadata`` adds each message's ``metadata``. The scopes are those of
    ``conversations.history``, and the bot must be in the conversation.
    """
    channel = params.get("channel")
    if not isinstance(channel, str) or not channel or channel[0] not in _SCOPES:
        raise ApiError("channel_not_found")
    state.require_scope(history_scope(channel))
    channel = state.resolve_channel(channel)
    state.require_member(channel)
    parent = state.find_message(channel, str(params.get("ts") or ""))
    if parent is None:
        raise ApiError("thread_not_found")
    if parent.thread_ts is not None and parent.thread_ts != parent.ts:  # a reply names its thread
        parent = state.find_message(channel, parent.thread_ts) or parent
    latest = _ts(params.get("latest"), "invalid_ts_latest", float("inf"))
    oldest = _ts(params.get("oldest"), "invalid_ts_oldest", 0.0)
    inclusive = _flag(params.get("inclusive"))
    with_metadata = _flag(params.get("include_all_metadata"))
    limit = int(str(params.get("limit") or REPLIES_DEFAULT_LIMIT))
    limit = max(1, min(limit, REPLIES_MAX_LIMIT))
    after = _after_cursor(params.get("cursor"), "after_ts")
    replies = sorted(
        (
            m
            for m in state.channels.get(channel, [])
            if m.thread_ts == parent.ts and m.ts != parent.ts
        ),
        key=lambda m: float(m.ts),
    )

    def in_range(message: Message) -> bool:
        at = float(message.ts)
        if after is not None and at <= after:
            return False
        upper = at <= latest if inclusive else at < latest
        lower = at >= oldest if inclusive else at > oldest
        return upper and lower

    shown = [m for m in replies if in_range(m)]
    found = shown if after is not None else [parent, *shown]
    page, rest = found[:limit], found[limit:]
    messages = []
    for message in page:
        shaped = message.to_api(state.workspace, with_metadata=with_metadata)
        if message is parent and replies:
            users = sorted({r.user for r in replies})
            shaped.update(
                thread_ts=parent.ts,
                reply_count=len(replies),
                reply_users=users,
                reply_users_count=len(users),
                latest_reply=replies[-1].ts,
                subscribed=False,
            )
        elif message is not parent:
            shaped["parent_user_id"] = parent.user
        messages.append(shaped)
    answer: dict[str, Any] = {"messages": messages, "has_more": bool(rest)}
    if rest:
        answer["response_metadata"] = {"next_cursor": _cursor(page[-1].ts, "after_ts")}
    return answer
