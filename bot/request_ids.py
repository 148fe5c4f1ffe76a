"""One id for everything a Slack request causes, carried to every log line and to the metrics.

The id is, in this order: the Socket Mode envelope id (``env:…``); an event's ``event_id``
(``evt:…``); a click's action timestamp with the clicker (``act:U…:1700000000.123456``); a slash
command's or a modal's ``trigger_id`` (``trg:…``). It lives in a context variable set when the
request reaches the Bolt app (:func:`instrument_app`) and follows the request into the listener
threads (:func:`carry_context`), so the listener, the ballot it queues and the
receipt it sends log under one id. Work not caused by a request (sweeps, fan-out) logs ``-``.

The same wrapper times the acknowledgement (``poolgov_ack_seconds``) by listener kind.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, TypeVar

from bot import metrics

log = logging.getLogger("poolgov.request")

ExecutorT = TypeVar("ExecutorT", bound=Executor)

#: Listener kinds, the label of the latency metrics; anything else counts as ``other``.
KINDS = (
    "block_actions",
    "command",
    "view_submission",
    "view_closed",
    "event",
    "shortcut",
    "options",
    "other",
)
# what an id may hold of the request: Slack's ids and timestamps only, never free text
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class RequestContext:
    id: str
    kind: str
    started: float  # time.perf_counter() when the request reached the app


CURRENT: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "poolgov_request", default=None
)
_ENVELOPE: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "poolgov_envelope", default=None
)


def current_id() -> str:
    found = CURRENT.get()
    return found.id if found is not None else "-"


def _safe(value: object) -> str:
    return _SAFE.sub("", str(value))[:80]


def kind_of(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    kind = str(body.get("type") or "")
    if kind == "event_callback":
        return "event"
    if kind in {"shortcut", "message_action"}:
        return "shortcut"
    if kind in {"block_suggestion", "dialog_suggestion"}:
        return "options"
    return kind if kind in KINDS else "other"


def id_of(body: dict[str, Any], envelope_id: str | None = None) -> str:
    """The request id of a Slack request's body (or of its Socket Mode envelope)."""
    if envelope_id:
        return f"env:{_safe(envelope_id)}"
    if body.get("event_id"):
        return f"evt:{_safe(body['event_id'])}"
    actions = body.get("actions")
    user = body.get("user")
    user = user if isinstance(user, dict) else {}
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        action_ts = actions[0].get("action_ts")
        if action_ts:
            return f"act:{_safe(user.get('id', ''))}:{_safe(action_ts)}"
    if body.get("trigger_id"):
        return f"trg:{_safe(body['trigger_id'])}"
    return "-"


def instrument_app(app: Any) -> None:
    """Wrap ``app.dispatch`` (what both adapters call): the request id set, the ack timed."""
    dispatch: Callable[[Any], Any] = app.dispatch

    def dispatch_with_id(req: Any) -> Any:
        body = req.body if isinstance(req.body, dict) else {}
        kind = kind_of(body)
        started = time.perf_counter()
        token = CURRENT.set(RequestContext(id_of(body, _ENVELOPE.get()), kind, started))
        try:
            log.debug("%s request received", kind)
            response = dispatch(req)
            elapsed = time.perf_counter() - started
            metrics.ACK_SECONDS.labels(kind=kind).observe(elapsed)
            log.debug("%s request answered %s in %.1f ms", kind, response.status, elapsed * 1e3)
            return response
        finally:
            CURRENT.reset(token)

    app.dispatch = dispatch_with_id


def instrument_socket_mode(handler: Any) -> None:
    """Let each Socket Mode request's envelope id reach :func:`instrument_app`'s wrapper."""
    listeners: list[Callable[[Any, Any], None]] = handler.client.socket_mode_request_listeners

    def with_envelope(listener: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def run(client: Any, request: Any) -> None:
            token = _ENVELOPE.set(getattr(request, "envelope_id", None))
            try:
                listener(client, request)
            finally:
                _ENVELOPE.reset(token)

        return run

    listeners[:] = [with_envelope(listener) for listener in listeners]


def carry_context(executor: ExecutorT) -> ExecutorT:
    """Make ``executor`` run each task in the context of the thread that submitted it, so that a
    listener Bolt runs after the ack still logs under its request's id. Returns it."""
    submit = executor.submit

    def submit_in_context(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        context = contextvars.copy_context()
        return submit(context.run, fn, *args, **kwargs)

    executor.submit = submit_in_context  # type: ignore[method-assign]
    return executor


class RequestIdFilter(logging.Filter):
    """Give every record ``request_id`` (the current request's, ``-`` outside any)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_id()
        return True
