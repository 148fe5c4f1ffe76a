"""A stateful fake of Slack's Web API, served over real HTTP on 127.0.0.1 for slack_sdk to call.

    with FakeSlack(users=[FakeUser("U0ACME", "Ada Acme")]) as slack:
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)

It checks what Slack checks (token, method name and required arguments from Slack's OpenAPI
description, Block Kit through slack_sdk's models, trigger ids, response URL limits, rate limits
with HTTP 429 and `Retry-After`), keeps the messages, ephemerals and views the app produced, and
writes every call into a transcript that tests read.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any

from bot.sandbox import chat_methods, directory_methods, response_urls, views_methods
from bot.sandbox.api_error import ApiError
from bot.sandbox.blockkit_rules import BlockKitLimits
from bot.sandbox.clock import Clock
from bot.sandbox.fake_server import FakeHttpServer, HttpAnswer, parse_body, parse_query
from bot.sandbox.fake_state import (
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
from bot.sandbox.spec import load_spec

Handler = Callable[[FakeState, Mapping[str, Any]], dict[str, Any]]
"""A Web API method: reads and changes the state, returns the answer's fields or raises ApiError."""

HANDLERS: Mapping[str, Handler] = {
    "auth.test": directory_methods.auth_test,
    "users.info": directory_methods.users_info,
    "conversations.open": directory_methods.conversations_open,
    "chat.postMessage": chat_methods.post_message,
    "chat.postEphemeral": chat_methods.post_ephemeral,
    "chat.update": chat_methods.update,
    "chat.delete": chat_methods.delete,
    "views.open": views_methods.views_open,
    "views.push": views_methods.views_push,
    "views.update": views_methods.views_update,
    "views.publish": views_methods.views_publish,
}


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
    ) -> None:
        self.workspace = workspace or Workspace()
        self._state = FakeState(self.workspace, block_kit or BlockKitLimits(), clock)
        self._limiter = RateLimiter(rate_limits or RateLimits(), clock)
        self._handlers: dict[str, Handler] = dict(HANDLERS)
        self._custom: set[str] = set()
        self._spec = load_spec()
        self._address = (host, port)
        self._server: FakeHttpServer | None = None
        self._thread: threading.Thread | None = None
        self.add_user(FakeUser(self.workspace.bot_user_id, "poolgov", name="poolgov", is_bot=True))
        for user in users:
            self.add_user(user)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = FakeHttpServer(self._address, self)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-slack",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

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
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The `base_url` for slack_sdk's WebClient (ends with a slash)."""
        return self.url + "/api/"

    @property
    def bot_token(self) -> str:
        return self.workspace.bot_token

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

    def handle(self, method: str, handler: Handler) -> None:
        """Serve `method` with `handler` (overrides a built-in one, allows undocumented ones)."""
        self._handlers[method] = handler
        self._custom.add(method)

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
        params: dict[str, Any] = {}
        with self._state.lock:
            warnings_before = len(self._state.warnings)
            try:
                params = parse_query(query)
                params.update(parse_body(headers.get("content-type", ""), body))
                token = _bearer(headers) or params.pop("token", None)
                params.pop("token", None)
                answer = self._answer(method, token, params)
            except ApiError as error:
                answer = HttpAnswer(error.status, error.body())
            self._record(method, params, answer, warnings_before)
            return answer

    def answer_response_url(
        self, url_id: str, headers: Mapping[str, str], body: bytes
    ) -> HttpAnswer:
        payload: dict[str, Any] = {}
        with self._state.lock:
            warnings_before = len(self._state.warnings)
            try:
                payload = parse_body(headers.get("content-type", "application/json"), body)
                answer = HttpAnswer(200, response_urls.post(self._state, url_id, payload))
            except ApiError as error:
                answer = HttpAnswer(error.status, error.body())
            self._record("response_url", {"url_id": url_id, **payload}, answer, warnings_before)
            return answer

    def _answer(self, method: str, token: object, params: dict[str, Any]) -> HttpAnswer:
        if method not in self._custom and not self._spec.documents(method):
            raise ApiError("unknown_method")
        if not token:
            raise ApiError("not_authed")
        if token not in self._state.tokens:
            raise ApiError("invalid_auth")
        missing = self._spec.missing_arguments(method, params)
        if missing:
            raise ApiError(
                "invalid_arguments", [f"[ERROR] missing required field: {m}" for m in missing]
            )
        handler = self._handlers.get(method)
        if handler is None:
            raise ApiError("fake_method_not_implemented", [f"the fake does not serve {method}"])
        keys = self._limiter.keys_for(method, self._channel_key(params))
        retry_after = self._limiter.retry_after(keys)
        if retry_after is not None:
            return HttpAnswer(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            )
        result = handler(self._state, params)
        self._limiter.spend(keys)
        return HttpAnswer(200, {"ok": True, **result})

    def _channel_key(self, params: Mapping[str, Any]) -> str | None:
        channel = params.get("channel")
        try:
            return self._state.resolve_channel(channel)
        except ApiError:
            return str(channel) if channel else None

    def _record(
        self, method: str, params: dict[str, Any], answer: HttpAnswer, warnings_before: int
    ) -> None:
        error = answer.body.get("error")
        self._state.calls.append(
            ApiCall(
                seq=len(self._state.calls) + 1,
                method=method,
                params=json.loads(json.dumps(params, default=str)),
                status=answer.status,
                ok=bool(answer.body.get("ok")),
                error=str(error) if error is not None else None,
                at=self._state.now(),
                warnings=tuple(self._state.warnings[warnings_before:]),
            )
        )


def _bearer(headers: Mapping[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
