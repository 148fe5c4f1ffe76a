"""Keep Slack request and response bodies, and Socket Mode envelopes, out of the logs.

slack_sdk logs every Web API request and response body at DEBUG, and ``views.open`` carries a
complaint's content to the people allowed to read it. In Socket Mode its client also logs each
envelope it receives (``on_message invoked: (message: {...})``) and each acknowledgement it sends
back, whole: a complaint filed in a modal arrives as such an envelope. Rather than trusting every
deployment to keep DEBUG off, these loggers never emit a body or an envelope: the filters keep
what says what happened (the URL or status, the envelope id) and withhold the rest, for every
method and every envelope type.

Filters on a logger see the records created on it, so :func:`install` names the loggers slack_sdk
and Bolt write to: the bot's own (``poolgov.slack`` for the Web API client, ``poolgov.bolt`` for
the Bolt app, which Bolt's Socket Mode handler hands to the Socket Mode client too) and the
library's defaults for clients built without a logger.
"""

from __future__ import annotations

import logging
import re

BODY_LOGGERS = (
    "poolgov.slack",  # the bot's WebClient (bot.app.web_client)
    "slack_sdk.web.base_client",  # any WebClient built without a logger
    "slack_sdk.webhook.client",  # response_url posts (Bolt's respond)
    "slack_bolt.context.respond.internals",
)
ENVELOPE_LOGGERS = (
    "poolgov.bolt",  # the Bolt app (bot.app.build_app) and, through it, the Socket Mode client
    "slack_bolt.App",  # a Bolt app built without a logger
    "slack_sdk.socket_mode.builtin.client",  # Socket Mode clients built without a logger
    "slack_sdk.socket_mode.builtin.connection",
    "slack_sdk.socket_mode.websocket_client",
    "slack_sdk.socket_mode.websockets",
    "slack_sdk.socket_mode.aiohttp",
)
_MARKERS = ("Sending a request - ", "Received the following response - ")
# What an envelope, or a request Bolt repeats, holds wherever it is quoted: its id, its payload.
_ENVELOPE = re.compile(r'"envelope_id"\s*:|"payload"\s*:|\'envelope_id\'\s*:|\'payload\'\s*:')
_ENVELOPE_ID = re.compile(r'["\']envelope_id["\']\s*:\s*["\']([\w.-]{1,64})["\']')
_RESPONDING = re.compile(r"^(Responding with status: \d+) body: ")
_QUOTING = re.compile(r"[({\[\"']")  # where a quoted value may begin
_REPEATS_A_REQUEST = "A global middleware ("  # Bolt quotes the whole request body after it


class WithholdBodies(logging.Filter):
    """Rewrite slack_sdk's request/response log lines to their first field, at any level."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if message.startswith(_MARKERS):
            record.msg = message.split(",", 1)[0] + ", (body withheld)"
            record.args = ()
        return True


class WithholdEnvelopes(logging.Filter):
    """Rewrite any line quoting a Socket Mode envelope (or a request's body) to what it is about.

    The test is on the text, not on slack_sdk's wording: any line holding an envelope's id or
    payload field loses everything after its opening words, whatever message it was.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if envelope := _ENVELOPE.search(message):
            quoting = _QUOTING.search(message)
            end = min(envelope.start(), quoting.start() if quoting else len(message))
            found = _ENVELOPE_ID.search(message)
            about = f"; envelope_id {found.group(1)}" if found else ""
            _rewrite(record, f"{message[:end].rstrip(' :')} (envelope withheld{about})")
        elif responding := _RESPONDING.match(message):
            _rewrite(record, responding.group(1) + " (body withheld)")
        elif message.startswith(_REPEATS_A_REQUEST):
            _rewrite(record, message.split(")", 1)[0] + ") (request withheld)")
        return True


def _rewrite(record: logging.LogRecord, message: str) -> None:
    record.msg = message
    record.args = ()


_BODIES = WithholdBodies()
_ENVELOPES = WithholdEnvelopes()


def install() -> None:
    """Idempotent: add the filters to each logger that slack_sdk or Bolt write bodies to."""
    for names, chosen in ((BODY_LOGGERS, _BODIES), (ENVELOPE_LOGGERS, _ENVELOPES)):
        for name in names:
            logger = logging.getLogger(name)
            if chosen not in logger.filters:
                logger.addFilter(chosen)
