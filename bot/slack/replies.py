"""Where refusals become Slack replies: one place, so listeners hold no catch-all handlers.

A :class:`~governance.errors.GovernanceError` is an expected refusal: the person gets a short
ephemeral explanation. Anything else is a fault: it is logged with ids only (never complaint text or
payload content) and the person is told that nothing was recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.listener.custom_listener import CustomListener
from slack_sdk.errors import SlackApiError

from governance.errors import GovernanceError

log = logging.getLogger(__name__)

FAULT = (
    "Something went wrong on poolgov's side and nothing was recorded. "
    "Please try again; if it happens again, tell the pool operator."
)


class Refusal(Exception):
    """A refusal decided at the edge (e.g. an unknown command argument), shown as it reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def explain(error: Exception) -> str:
    if isinstance(error, GovernanceError | Refusal):
        return str(error)
    return FAULT


def tell(body: dict[str, Any], client: Any, respond: Any, message: str) -> None:
    """Send ``message`` ephemerally to whoever made the request."""
    if respond is not None and body.get("response_url"):
        respond(text=message, response_type="ephemeral", replace_original=False)
        return
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    channel = (body.get("channel") or {}).get("id") or body.get("channel_id")
    if user and channel:
        client.chat_postEphemeral(channel=channel, user=user, text=message)
    elif user:
        client.chat_postMessage(channel=user, text=message)


_NEEDED = ("body", "client", "respond")


def _guarded(listener: Callable[..., Any], wanted: list[str]) -> Callable[..., Any]:
    def run(**kwargs: Any) -> Any:
        own = {name: value for name, value in kwargs.items() if name in wanted}
        try:
            return listener(**own)
        except Exception as error:  # the one place refusals and faults become replies
            _reply(error, kwargs.get("body") or {}, kwargs.get("client"), kwargs.get("respond"))
            return None

    return run


def answered(
    work: Callable[[], None], body: dict[str, Any], client: Any, respond: Any
) -> Callable[[], None]:
    """``work`` for another thread, its refusals and faults answered as a listener's would be."""

    def run() -> None:
        try:
            work()
        except Exception as error:
            _reply(error, body, client, respond)

    return run


def guard_listeners(app: App) -> None:
    """Turn every listener's refusals into replies, here and nowhere else.

    Bolt hands an exception raised after ``ack()`` to ``app.error`` but, in doing so, forgets the
    ack it already had, and Slack then sees a failed request. So each listener is wrapped: its
    exceptions are answered here and never reach Bolt. Bolt injects arguments by name
    (``arg_names``), so the wrapper asks for what it needs besides the listener's own.
    """
    for listener in app._listeners:
        if not isinstance(listener, CustomListener):
            continue
        wanted = list(listener.arg_names)
        listener.ack_function = _guarded(listener.ack_function, wanted)
        listener.arg_names = [*wanted, *(n for n in _NEEDED if n not in wanted)]


def _reply(error: Exception, body: dict[str, Any], client: Any, respond: Any) -> None:
    if not isinstance(error, GovernanceError | Refusal):
        log.error(
            "request %s failed: %s",
            body.get("type") or body.get("command"),
            type(error).__name__,
            exc_info=error,
        )
    try:
        tell(body, client, respond, explain(error))
    except SlackApiError as failure:
        log.warning("could not tell the user why: %s", failure.response.get("error"))


def register(app: App) -> None:
    @app.error
    def reply_with_the_reason(
        error: Exception, body: dict[str, Any], client: Any, respond: Any
    ) -> BoltResponse | None:
        _reply(error, body, client, respond)
        return None
