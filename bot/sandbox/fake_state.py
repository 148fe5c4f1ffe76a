"""What the fake Slack remembers: the workspace, users, messages, views, and the call transcript.

Records handed out to tests are frozen snapshots; the mutable containers live in `FakeState` and
are touched only under `FakeState.lock`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.api_error import ApiError
from bot.sandbox.blockkit_rules import BlockKitLimits
from bot.sandbox.clock import Clock

_CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")

#: What the bot may be to a conversation: a member (the default for any conversation id), outside
#: it (a public channel answers `not_in_channel`, a private one `channel_not_found`, since the
#: bot cannot see it), or facing no such conversation (`channel_not_found`).
MEMBER, OUTSIDE, MISSING = "member", "outside", "missing"

#: The bot token's scopes unless a test says otherwise: what poolgov's manifest asks for.
DEFAULT_SCOPES = frozenset(
    {
        "commands",
        "chat:write",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "users:read",
    }
)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class Workspace:
    """The one workspace and app installation the fake serves."""

    team_id: str = "T0POOL"
    team_domain: str = "poolgov"
    team_name: str = "Patent Pool"
    bot_user_id: str = "U0POOLBOT"
    bot_id: str = "B0POOLBOT"
    app_id: str = "A0POOLGOV"
    bot_token: str = "xoxb-poolgov-fake"  # noqa: S105 - a fake's token, not a secret
    app_token: str = "xapp-1-A0POOLGOV-fake"  # noqa: S105 - app-level, for Socket Mode only


@dataclass(frozen=True)
class FakeUser:
    """A person (or bot) `users.info` knows; `team_id` None means the workspace's own team."""

    id: str
    real_name: str = ""
    team_id: str | None = None
    name: str = ""
    tz: str = "Europe/Berlin"
    is_bot: bool = False
    #: the Slack locale (``zh-CN``, ``en-US``), given to `users.info` with `include_locale`
    locale: str = "en-US"

    def to_api(self, default_team: str, *, include_locale: bool = False) -> dict[str, Any]:
        offset = ZoneInfo(self.tz).utcoffset(datetime.now(UTC))
        name = self.name or self.id.lower()
        real_name = self.real_name or name
        return {
            "id": self.id,
            "team_id": self.team_id or default_team,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": {"real_name": real_name, "display_name": name},
        } | ({"locale": self.locale} if include_locale else {})


@dataclass(frozen=True)
class Message:
    """A message as it stands now; `versions` holds what it said before each `chat.update`."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    user: str
    source: str  # the method that posted it: chat.postMessage or response_url
    thread_ts: str | None = None
    versions: tuple[dict[str, Any], ...] = ()
    metadata: dict[str, Any] | None = None  # `{event_type, event_payload}`, unseen by readers

    def to_api(self, workspace: Workspace, *, with_metadata: bool = False) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": self.user,
            "bot_id": workspace.bot_id,
            "app_id": workspace.app_id,
            "team": workspace.team_id,
            "text": self.text,
            "blocks": self.blocks,
            "ts": self.ts,
        }
        if self.thread_ts:
            message["thread_ts"] = self.thread_ts
        if with_metadata and self.metadata is not None:
            message["metadata"] = self.metadata
        return message


@dataclass(frozen=True)
class Ephemeral:
    """A message only `user` sees in `channel`."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    source: str


@dataclass(frozen=True)
class OpenedView:
    """A modal or Home tab as Slack holds it; `view` is what the API answered."""

    id: str
    user: str | None
    method: str  # views.open, views.push or views.publish
    view: dict[str, Any]
    updates: int = 0

    @property
    def callback_id(self) -> str:
        return str(self.view.get("callback_id", ""))


@dataclass(frozen=True)
class ApiCall:
    """One request the fake answered: a Web API method, or `response_url`."""

    seq: int
    method: str
    params: Mapping[str, Any]
    status: int
    ok: bool
    error: str | None
    at: float
    warnings: tuple[str, ...] = ()


@dataclass
class Trigger:
    id: str
    user: str | None
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    id: str
    user: str | None
    channel: str | None
    message_ts: str | None
    issued_at: float
    uses: int = 0


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and _USER_ID.match(value) is not None


def dm_channel_id(users: Iterable[str]) -> str:
    """The conversation the bot shares with `users`: D… for one person, G… for several."""
    members = sorted(set(users))
    digest = hashlib.sha256(",".join(members).encode()).hexdigest()[:10].upper()
    return ("D" if len(members) == 1 else "G") + digest


class FakeState:
    """All mutable state; every method expects the caller to hold `lock`."""

    def __init__(self, workspace: Workspace, block_kit: BlockKitLimits, clock: Clock) -> None:
        self.workspace = workspace
        self.block_kit = block_kit
        self.clock = clock
        self.lock = threading.RLock()
        self.users: dict[str, FakeUser] = {}
        self.tokens: set[str] = {workspace.bot_token, workspace.app_token}
        self.app_tokens: set[str] = {workspace.app_token}
        self.scopes: set[str] = set(DEFAULT_SCOPES)
        self.access: dict[str, str] = {}  # conversation id → MEMBER / OUTSIDE / MISSING
        self.clear()

    def clear(self) -> None:
        """Forget every message, view, trigger id, response URL and call (users stay)."""
        self.channels: dict[str, list[Message]] = {}
        self.deleted: list[Message] = []
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, OpenedView] = {}
        self.modal_stacks: dict[str | None, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.calls: list[ApiCall] = []
        self.warnings: list[str] = []
        self._sequence = itertools.count(1)

    def now(self) -> float:
        return self.clock()

    def next_number(self) -> int:
        return next(self._sequence)

    def next_ts(self) -> str:
        return f"{int(self.now())}.{self.next_number():06d}"

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{self.next_number():08X}"

    def resolve_channel(self, channel: object) -> str:
        """A conversation id; a user id stands for the bot's DM with that user."""
        if not isinstance(channel, str):
            raise ApiError("channel_not_found")
        if _USER_ID.match(channel):
            return dm_channel_id([channel])
        if _CONVERSATION_ID.match(channel):
            return channel
        raise ApiError("channel_not_found")

    def require_scope(self, *needed: str) -> None:
        """Refuse unless the token holds one of ``needed`` (Slack's `missing_scope` answer)."""
        if not any(scope in self.scopes for scope in needed):
            raise ApiError(
                "missing_scope",
                fields={"needed": ",".join(needed), "provided": ",".join(sorted(self.scopes))},
            )

    def require_member(self, channel: str) -> None:
        """Refuse a conversation the bot is not in, as Slack does for a bot token."""
        access = self.access.get(channel, MEMBER)
        if access == MEMBER or channel.startswith("D"):
            return
        if access == OUTSIDE and channel.startswith("C"):
            raise ApiError("not_in_channel")
        raise ApiError("channel_not_found")

    def find_message(self, channel: str, ts: object) -> Message | None:
        return next((m for m in self.channels.get(channel, []) if m.ts == ts), None)

    def put_message(self, message: Message) -> None:
        """Add a message, or replace the one with the same ts."""
        messages = self.channels.setdefault(message.channel, [])
        for index, existing in enumerate(messages):
            if existing.ts == message.ts:
                messages[index] = message
                return
        messages.append(message)

    def edit_message(self, message: Message, text: str, blocks: list[dict[str, Any]]) -> Message:
        before = {"text": message.text, "blocks": message.blocks}
        edited = replace(message, text=text, blocks=blocks, versions=(*message.versions, before))
        self.put_message(edited)
        return edited

    def remove_message(self, message: Message) -> None:
        self.channels[message.channel] = [
            m for m in self.channels.get(message.channel, []) if m.ts != message.ts
        ]
        self.deleted.append(message)

    def warn(self, text: str) -> None:
        self.warnings.append(text)


@dataclass
class Content:
    """Validated `text` and `blocks` of a message about to be posted."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
