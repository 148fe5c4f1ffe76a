"""The fake's dispatcher: one HTTP request in, Slack's answer out, one transcript line written.

Checks run in Slack's order — method known, token, required arguments, rate limit — and then the
method's handler. Only accepted calls spend rate-limit budget; every call is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bot.sandbox import (
    chat_methods,
    directory_methods,
    history_methods,
    response_urls,
    views_methods,
)
from bot.sandbox.api_error import ApiError
from bot.sandbox.fake_server import HttpAnswer, parse_body, parse_query
from bot.sandbox.fake_state import ApiCall, FakeState
from bot.sandbox.rate_limits import RateLimiter
from bot.sandbox.spec import WebApiSpec

Handler = Callable[[FakeState, Mapping[str, Any]], dict[str, Any]]
"""A Web API method: reads and changes the state, returns the answer's fields or raises ApiError."""

HANDLERS: Mapping[str, Handler] = {
    "auth.test": directory_methods.auth_test,
    "users.info": directory_methods.users_info,
    "conversations.open": directory_methods.conversations_open,
    "conversations.history": history_methods.conversations_history,
    "conversations.replies": history_methods.conversations_replies,
    "chat.postMessage": chat_methods.post_message,
    "chat.postEphemeral": chat_methods.post_ephemeral,
    "chat.update": chat_methods.update,
    "chat.delete": chat_methods.delete,
    "views.open": views_methods.views_open,
    "views.push": views_methods.views_push,
    "views.update": views_methods.views_update,
    "views.publish": views_methods.views_publish,
}


class WebApi:
    """Answers Web API and response URL requests against one FakeState."""

    def __init__(self, state: FakeState, limiter: RateLimiter, spec: WebApiSpec) -> None:
        self.state = state
        self.limiter = limiter
        self.spec = spec
        self.handlers: dict[str, Handler] = dict(HANDLERS)
        self.custom: set[str] = set()

    def register(self, method: str, handler: Handler) -> None:
        self.handlers[method] = handler
        self.custom.add(method)

    def answer_api(
        self, method: str, headers: Mapping[str, str], body: bytes, query: str
    ) -> HttpAnswer:
        params: dict[str, Any] = {}
        with self.state.lock:
            warnings_before = len(self.state.warnings)
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
        with self.state.lock:
            warnings_before = len(self.state.warnings)
            try:
                payload = parse_body(headers.get("content-type", "application/json"), body)
                answer = HttpAnswer(200, response_urls.post(self.state, url_id, payload))
            except ApiError as error:
                answer = HttpAnswer(error.status, error.body())
            self._record("response_url", {"url_id": url_id, **payload}, answer, warnings_before)
            return answer

    def _answer(self, method: str, token: object, params: dict[str, Any]) -> HttpAnswer:
        if method not in self.custom and not self.spec.documents(method):
            raise ApiError("unknown_method")
        if not token:
            raise ApiError("not_authed")
        if token not in self.state.tokens:
            raise ApiError("invalid_auth")
        if (token in self.state.app_tokens) != (method in APP_LEVEL_METHODS):
            raise ApiError("not_allowed_token_type")  # xapp- for these only, and only xapp-
        missing = self.spec.missing_arguments(method, params)
        if missing:
            raise ApiError(
                "invalid_arguments", [f"[ERROR] missing required field: {m}" for m in missing]
            )
        handler = self.handlers.get(method)
        if handler is None:
            raise ApiError("fake_method_not_implemented", [f"the fake does not serve {method}"])
        keys = self.limiter.keys_for(method, self._channel_key(params))
        retry_after = self.limiter.retry_after(keys)
        if retry_after is not None:
            return HttpAnswer(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            )
        result = handler(self.state, params)
        self.limiter.spend(keys)
        return HttpAnswer(200, {"ok": True, **result})

    def _channel_key(self, params: Mapping[str, Any]) -> str | None:
        channel = params.get("channel")
        try:
            return self.state.resolve_channel(channel)
        except ApiError:
            return str(channel) if channel else None

    def _record(
        self, method: str, params: dict[str, Any], answer: HttpAnswer, warnings_before: int
    ) -> None:
        error = answer.body.get("error")
        self.state.calls.append(
            ApiCall(
                seq=len(self.state.calls) + 1,
                method=method,
                params=json.loads(json.dumps(params, default=str)),
                status=answer.status,
                ok=bool(answer.body.get("ok")),
                error=str(error) if error is not None else None,
                at=self.state.now(),
                warnings=tuple(self.state.warnings[warnings_before:]),
            )
        )


#: Methods called with an app-level token (``xapp-…``), which no other method accepts.
APP_LEVEL_METHODS = frozenset({"apps.connections.open"})


def _bearer(headers: Mapping[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
