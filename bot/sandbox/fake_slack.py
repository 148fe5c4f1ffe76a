"""A stateful fake of Slack's Web API, served over real HTTP on 127.0.0.1 for slack_sdk to call.

    with FakeSlack(users=[FakeUser("U0ACME", "Ada Acme")]) as slack:
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)

It checks what Slack checks (token, method name and required arguments from Slack's OpenAPI
description, Block Kit through slack_sdk's models, trigger ids, response URL limits, rate limits
with HTTP 429 and `Retry-After`), keeps the messages, ephemerals and views the app produced, and
writes every call into a transcript that tests read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from bot.sandbox import response_urls, views_methods
from bot.sandbox.background import BackgroundServer
from bot.sandbox.blockkit_rules import BlockKitLimits
from bot.sandbox.clock import Clock
from bot.sandbox.fake_server import FakeHttpServer, HttpAnswer
from bot.sandbox.fake_state import (
    DEFAULT_SCOPES,
    MEMBER,
    MISSING,
    OUTSIDE,
    ApiCall,
    Ephemeral,
    FakeState,
    FakeUser,
    Message,
    OpenedView,
    Workspace,
    dm_channel_id,
)
from bot.sandbox.rate_limits import RateLimiter, RateLimits
from bot.sandbox.socket_mode import SocketModeEndpoint
from bot.sandbox.spec import load_spec
from bot.sandbox.web_api import Handler, WebApi


class FakeSlack:
    """The fake Slack workspace and its HTTP server (start/stop, or use as a context manager)."""

    def __init__(
        self,
        *,
        workspace: Workspace | None = None,
        users: Iterable[FakeUser] = (),
        rate_limits: RateLimits | None = None,
        block_kit: BlockKitLimits | None = None,
        clock: Clock = time.time,
        host: str = "127.0.0.1",
        port: int = 0,
        scopes: Iterable[str] = DEFAULT_SCOPES,
    ) -> None:
        self.workspace = workspace or Workspace()
        self._state = FakeState(self.workspace, block_kit or BlockKitLimits(), clock)
        self._state.scopes = set(scopes)
        self._limiter = RateLimiter(rate_limits or RateLimits(), clock)
        self._api = WebApi(self._state, self._limiter, load_spec())
        self._background = BackgroundServer(
            lambda: FakeHttpServer((host, port), self), "fake-slack"
        )
        self.socket_mode = SocketModeEndpoint(self.workspace.app_id)
        self._api.register(
            "apps.connections.open", lambda state, params: {"url": self.socket_mode.open_url()}
        )
        self.add_user(FakeUser(self.workspace.bot_user_id, "poolgov", name="poolgov", is_bot=True))
        self._changed = threading.Condition()
        self._version = 0
        self._view_errors: dict[str, dict[str, str]] = {}
        for user in users:
            self.add_user(user)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._background.start()
        return self

    def stop(self) -> None:
        self.socket_mode.stop()
        self._background.stop()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>` once started."""
        return self._background.url("FakeSlack")

    @property
    def api_url(self) -> str:
        """The `base_url` for slack_sdk's WebClient (ends with a slash)."""
        return self.url + "/api/"

    @property
    def bot_token(self) -> str:
        return self.workspace.bot_token

    @property
    def app_token(self) -> str:
        """The app-level token (``xapp-…``) that opens Socket Mode connections."""
        return self.workspace.app_token

    # -- set-up ----------------------------------------------------------------------------

    def add_user(self, user: FakeUser) -> None:
        with self._state.lock:
            self._state.users[user.id] = user

    def user(self, user_id: str) -> FakeUser | None:
        with self._state.lock:
            return self._state.users.get(user_id)

    def add_token(self, token: str) -> None:
        """Accept another token (a second installation, a user token)."""
        with self._state.lock:
            self._state.tokens.add(token)

    def set_scopes(self, scopes: Iterable[str]) -> None:
        """The bot token's scopes from now on (`missing_scope` for methods needing others)."""
        with self._state.lock:
            self._state.scopes = set(scopes)

    def remove_bot(self, channel: str) -> None:
        """The bot leaves ``channel`` (or was never invited): posts there are refused."""
        with self._state.lock:
            self._state.access[channel] = OUTSIDE

    def invite_bot(self, channel: str) -> None:
        """The bot is a member of ``channel`` again (every conversation starts this way)."""
        with self._state.lock:
            self._state.access[channel] = MEMBER

    def delete_channel(self, channel: str) -> None:
        """No such conversation any more: `channel_not_found`."""
        with self._state.lock:
            self._state.access[channel] = MISSING

    def handle(self, method: str, handler: Handler) -> None:
        """Serve `method` with `handler` (overrides a built-in one, allows undocumented ones)."""
        self._api.register(method, handler)

    def issue_trigger_id(self, user: str | None = None) -> str:
        """A trigger id valid for 3 s (on the fake's clock) and one views.open/push."""
        with self._state.lock:
            return views_methods.issue_trigger_id(self._state, user)

    def new_response_url(
        self, *, user: str | None = None, channel: str | None = None, message_ts: str | None = None
    ) -> str:
        """A response URL on this server, bound to a user, a channel and an original message."""
        with self._state.lock:
            issued = response_urls.issue(self._state, user, channel, message_ts)
        return f"{self.url}/response/{issued.id}"

    def reset(self) -> None:
        """Forget messages, views, trigger ids, response URLs, calls and rate-limit spend."""
        with self._state.lock:
            self._state.clear()
            self._limiter.reset()
            self._view_errors.clear()
        self.changed()

    # -- what a Slack client does with modals ---------------------------------------------

    def modal_stack(self, user: str) -> list[OpenedView]:
        """The modals open for ``user``, the one shown last."""
        with self._state.lock:
            ids = self._state.modal_stacks.get(user, [])
            return [self._state.views[i] for i in ids if i in self._state.views]

    def view_errors(self, view_id: str) -> dict[str, str]:
        """The field errors the app last answered a submission of ``view_id`` with."""
        with self._state.lock:
            return dict(self._view_errors.get(view_id, {}))

    def close_modal(self, user: str, view_id: str | None = None) -> None:
        """The person closes the top modal (or ``view_id`` and those above it)."""
        with self._state.lock:
            stack = self._state.modal_stacks.get(user, [])
            if view_id is not None and view_id in stack:
                del stack[stack.index(view_id) :]
            elif stack:
                stack.pop()
        self.changed()

    def answer_submission(self, user: str, view_id: str, ack: Mapping[str, Any] | None) -> None:
        """What Slack does with the app's answer to a ``view_submission``: show the field
        errors, update or push a view, clear the stack, or (an empty answer) close the view."""
        action = (ack or {}).get("response_action")
        with self._state.lock:
            stack = self._state.modal_stacks.setdefault(user, [])
            if action == "errors":
                errors = (ack or {}).get("errors") or {}
                self._view_errors[view_id] = {str(k): str(v) for k, v in errors.items()}
            elif action in ("update", "push") and isinstance((ack or {}).get("view"), dict):
                view = dict((ack or {})["view"])
                target = view_id if action == "update" else self._state.next_id("V")
                current = self._state.views.get(view_id)
                root = current.view.get("root_view_id", view_id) if current else view_id
                answer = {
                    **view,
                    "id": target,
                    "state": {"values": {}},
                    "root_view_id": root,
                    "previous_view_id": None if action == "update" else view_id,
                }
                self._state.views[target] = OpenedView(target, user, "views." + action, answer)
                self._view_errors.pop(view_id, None)
                if action == "push":
                    stack.append(target)
            elif action == "clear":
                stack.clear()
            else:
                self._view_errors.pop(view_id, None)
                if view_id in stack:
                    del stack[stack.index(view_id) :]
        self.changed()

    # -- change notification (a chat client's live updates) ------------------------------

    @property
    def version(self) -> int:
        """Counts every change a client could see: calls answered, modals closed."""
        with self._changed:
            return self._version

    def changed(self) -> None:
        with self._changed:
            self._version += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The version once it differs from ``seen``, or the same after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != seen, timeout)
            return self._version

    # -- what happened ---------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """The transcript (optionally one method; `response_url` for response URL posts)."""
        with self._state.lock:
            return [c for c in self._state.calls if method is None or c.method == method]

    def messages(self, channel: str) -> list[Message]:
        """Messages now in `channel` (a user id means the bot's DM with that user), oldest first."""
        with self._state.lock:
            return list(self._state.channels.get(self._state.resolve_channel(channel), []))

    def message(self, channel: str, ts: str) -> Message | None:
        with self._state.lock:
            return self._state.find_message(self._state.resolve_channel(channel), ts)

    def deleted_messages(self) -> list[Message]:
        with self._state.lock:
            return list(self._state.deleted)

    def ephemerals(self, user: str | None = None) -> list[Ephemeral]:
        with self._state.lock:
            return [e for e in self._state.ephemerals if user is None or e.user == user]

    def views_opened(self) -> list[OpenedView]:
        """Modals opened or pushed, in order, as they stand now."""
        with self._state.lock:
            return [v for v in self._state.views.values() if v.method != "views.publish"]

    def view(self, view_id: str) -> OpenedView | None:
        with self._state.lock:
            return self._state.views.get(view_id)

    def home_view(self, user: str) -> dict[str, Any] | None:
        """The Home tab last published for `user`."""
        with self._state.lock:
            view_id = self._state.homes.get(user)
            return self._state.views[view_id].view if view_id else None

    def dm_channel(self, user: str) -> str:
        """The id `conversations.open(users=user)` answers."""
        return dm_channel_id([user])

    def dms_to(self, user: str) -> list[Message]:
        return self.messages(self.dm_channel(user))

    def warnings(self) -> list[str]:
        """What real Slack would accept with a warning (blocks without `text`, truncation…)."""
        with self._state.lock:
            return list(self._state.warnings)

    # -- HTTP endpoints (called from the server's threads) ---------------------------------

    def answer_api(
        self, method: str, headers: Mapping[str, str], body: bytes, query: str
    ) -> HttpAnswer:
        try:
            return self._api.answer_api(method, headers, body, query)
        finally:
            self.changed()

    def answer_response_url(
        self, url_id: str, headers: Mapping[str, str], body: bytes
    ) -> HttpAnswer:
        try:
            return self._api.answer_response_url(url_id, headers, body)
        finally:
            self.changed()
