"""Socket Mode with the same edge as HTTP: each envelope checked before Bolt reads it, always acked.

Bolt's Socket Mode handler builds its request from the envelope's payload as it comes; a payload
that is not what Slack sends (``null``, a list, ``actions`` that is not a list of objects) made it
raise on the socket's thread, and the envelope went unacknowledged, to be delivered again. Here
a malformed payload is acknowledged with nothing, with one warning line, and a fault while
dispatching is logged once and acknowledged too: Slack would only send it again.
"""

from __future__ import annotations

import logging
from time import time
from typing import Any

from slack_bolt import BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.payloads import MalformedEnvelope, parse_envelope
from bot.slack.payloads.bolt import KEY

log = logging.getLogger(__name__)


class EdgeSocketModeHandler(SocketModeHandler):
    def handle(self, client: Any, req: SocketModeRequest) -> None:
        start = time()
        try:
            payload = parse_envelope(req.payload)
        except MalformedEnvelope as error:
            log.warning("refused a Socket Mode envelope: %s", error)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        request = BoltRequest(
            body=req.payload,
            headers=build_headers(req),
            context={KEY: payload},
            mode="socket_mode",
        )
        try:
            response = self.app.dispatch(request)
        except Exception:  # the one traceback; Slack gets its ack either way
            log.exception("a Socket Mode request failed")
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        send_response(client, req, response, start)
