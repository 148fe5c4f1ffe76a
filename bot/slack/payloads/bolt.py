"""The typed payload in Bolt's context: parsed once at the edge, read by every listener.

HTTP mode parses the envelope before Bolt (:mod:`bot.signed_edge`) and Socket Mode before its
handler (:mod:`bot.socket_edge`); both hand the result in as ``context["payload"]``. The
middleware here parses whatever arrives without it (an ``app.dispatch`` in a test), so a listener
always finds a payload of its kind, and a request that has none is refused 400 with one warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse

from bot.slack.payloads.envelope import MalformedEnvelope, parse_envelope
from bot.slack.payloads.models import SlashCommand, ViewSubmission
from bot.slack.payloads.text import control_character, refusal
from bot.slack.replies import Refusal

log = logging.getLogger(__name__)
KEY = "payload"
P = TypeVar("P")


def refused(error: MalformedEnvelope) -> BoltResponse:
    log.warning("refused a signed request: %s", error)
    return BoltResponse(status=400, body="malformed payload")


def _parse_at_the_edge(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
    if KEY not in req.context:
        try:
            req.context[KEY] = parse_envelope(req.body)
        except MalformedEnvelope as error:
            return refused(error)
    return next()


def install(app: App) -> None:
    app.middleware(_parse_at_the_edge)


def payload_of(context: BoltContext, kind: type[P]) -> P:
    """The request's payload, which the listener's matcher says is a ``kind``."""
    found: Any = context.get(KEY)
    if not isinstance(found, kind):
        raise MalformedEnvelope(f"expected {kind.__name__}")
    _typed_text_holds_no_control_character(found)
    return found


def _typed_text_holds_no_control_character(payload: object) -> None:
    """Refuse, in words, what people typed if it holds a control character (see
    :mod:`bot.slack.payloads.text`): before any listener reads or stores it."""
    if isinstance(payload, SlashCommand):
        code = control_character(payload.text)
        if code is not None:
            raise Refusal(refusal(code))
    elif isinstance(payload, ViewSubmission):
        for block, row in payload.view.state.values.items():
            for entry in row.values():
                texts = [entry.value or "", entry.selected_date or ""]
                for text in texts:
                    code = control_character(text)
                    if code is not None:
                        raise Refusal(refusal(code), field=block)
