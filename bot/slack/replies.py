"""Where refusals become Slack replies: one place, so listeners hold no catch-all handlers.

A :class:`~governance.errors.GovernanceError` (or an edge :class:`Refusal`) is an expected
refusal: the person gets a short ephemeral explanation, or the message on the modal's field, and
nothing is logged. Anything else is a fault: it is logged once, with its traceback and ids only
(never complaint text or payload content), and the person is told that nothing was lost.

A listener that raises before it acknowledged is acknowledged here, so Slack never waits out its
three seconds: a modal's submission is answered on its first field, anything else with an empty
ack and the ephemeral.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.listener.custom_listener import CustomListener
from slack_sdk.errors import SlackApiError

from bot.i18n import N_, _, language, speaking
from bot.runtime import Runtime
from bot.slack.locales import for_reader
from bot.slack.mrkdwn import Mrkdwn, plain, require
from bot.slack.refusals import refusal_text
from governance.errors import GovernanceError

log = logging.getLogger(__name__)

FAULT = N_(
    "Something went wrong on poolgov's side. Nothing was lost: what was recorded stays "
    "recorded, and trying again never counts anything twice. If it happens again, tell the "
    "pool operator."
)
#: Slack shows a field's error in a line or two; longer ones are cut.
FIELD_ERROR_LENGTH = 400


class Refusal(Exception):
    """A refusal decided at the edge (e.g. an unknown command argument), shown as it reads.

    Its message is :class:`~bot.slack.mrkdwn.Mrkdwn`, made by the builders there (``md``,
    ``plain``, ``code``), so whatever a person typed that it quotes is escaped; a ``str`` is
    refused.
    """

    def __init__(self, message: Mrkdwn, *, field: str | None = None) -> None:
        super().__init__(require(message))
        self.message = message
        #: The modal's input block the refusal is about, if it is about one.
        self.field = field

    def __str__(self) -> str:
        return self.message


#: views.open/push errors that mean the request's trigger was spent, late or not Slack's: the
#: person's to retry, not a fault of poolgov's.
TRIGGER_ERRORS = frozenset({"expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id"})
TRIGGER_SPENT = N_(
    "Slack did not let poolgov open the form in time (its trigger had expired). "
    "Nothing was recorded: try again."
)


def _trigger_spent(error: Exception) -> bool:
    return isinstance(error, SlackApiError) and error.response.get("error") in TRIGGER_ERRORS


def explain(error: Exception) -> Mrkdwn:
    """What the person is told, as mrkdwn: a governance refusal's words are escaped here."""
    if isinstance(error, Refusal):
        return error.message
    if isinstance(error, GovernanceError):
        return refusal_text(error)
    if _trigger_spent(error):
        return plain(_(TRIGGER_SPENT))
    return plain(_(FAULT))


def tell(body: dict[str, Any], client: Any, respond: Any, message: Mrkdwn) -> None:
    """Send ``message`` ephemerally to whoever made the request."""
    if getattr(respond, "response_url", None):  # Bolt's respond, with somewhere to go
        respond(text=message, response_type="ephemeral", replace_original=False)
        return
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    channel = (body.get("channel") or {}).get("id") or body.get("channel_id")
    if user and channel:
        client.chat_postEphemeral(channel=channel, user=user, text=message)
    elif user:
        client.chat_postMessage(channel=user, text=message)


_NEEDED = ("ack", "body", "client", "respond")


def _first_input(body: dict[str, Any]) -> str | None:
    view = body.get("view")
    blocks = view.get("blocks") if isinstance(view, dict) else None
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def _ack_with(error: Exception, body: dict[str, Any], ack: Any) -> bool:
    """Acknowledge a request its listener left unacknowledged; True if that told the person."""
    if ack is None or getattr(ack, "response", None) is not None:
        return False
    if body.get("type") == "view_submission":
        field = error.field if isinstance(error, Refusal) and error.field else None
        field = field or _first_input(body)
        if field is not None:
            ack(response_action="errors", errors={field: explain(error)[:FIELD_ERROR_LENGTH]})
            return True
    ack()
    return False


def reader_of(body: dict[str, Any]) -> str | None:
    """The Slack user a request comes from: who reads its modals, ephemerals and refusals."""
    user = body.get("user")
    if isinstance(user, dict) and user.get("id"):
        return str(user["id"])
    if body.get("user_id"):
        return str(body["user_id"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("user"), str):
        return str(event["user"])
    return None


def _speaking_to(rt: Runtime | None, body: dict[str, Any]) -> AbstractContextManager[object]:
    if rt is None:
        return nullcontext()
    return for_reader(rt, reader_of(body))


def _guarded(
    listener: Callable[..., Any], wanted: list[str], rt: Runtime | None = None
) -> Callable[..., Any]:
    def run(**kwargs: Any) -> Any:
        own = {name: value for name, value in kwargs.items() if name in wanted}
        try:
            return listener(**own)
        except Exception as error:  # the one place refusals and faults become replies
            body = kwargs.get("body") or {}
            # the refusal is for the person who asked: in their language (asked for only now,
            # never on the way to an ack)
            with _speaking_to(rt, body):
                told = _ack_with(error, body, kwargs.get("ack"))
                _reply(error, body, kwargs.get("client"), kwargs.get("respond"), told=told)
            return None

    return run


def answered(
    work: Callable[[], None], body: dict[str, Any], client: Any, respond: Any
) -> Callable[[], None]:
    """``work`` for another thread, its refusals and faults answered as a listener's would be."""

    spoken = language()  # another thread: it speaks the language being spoken here

    def run() -> None:
        with speaking(spoken):
            try:
                work()
            except Exception as error:
                _reply(error, body, client, respond)

    return run


def guard_listeners(app: App, rt: Runtime | None = None) -> None:
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
        listener.ack_function = _guarded(listener.ack_function, wanted, rt)
        listener.arg_names = [*wanted, *(n for n in _NEEDED if n not in wanted)]


def _reply(
    error: Exception, body: dict[str, Any], client: Any, respond: Any, *, told: bool = False
) -> None:
    if isinstance(error, SlackApiError) and _trigger_spent(error):
        log.warning("a form could not open: %s", error.response.get("error"))
    elif not isinstance(error, GovernanceError | Refusal):
        log.error(
            "request %s failed: %s",
            body.get("type") or body.get("command"),
            type(error).__name__,
            exc_info=error,
        )
    if told:
        return
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
