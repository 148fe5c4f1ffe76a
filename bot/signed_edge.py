"""``/slack/events`` in HTTP mode: the signature first, then the envelope, then Bolt.

Bolt parses a request's body before it verifies its signature, and its parser assumes the body
is what Slack sends: an unsigned ``payload=%7B`` reached a 500 and a traceback. Here nothing reads
the body before its signature is checked, over the raw body, by slack_sdk's
:class:`~slack_sdk.signature.SignatureVerifier` (constant time, Slack's five-minute window):

- a missing, stale (more than five minutes off) or wrong signature: **401**, whatever the body
  (a body that is not UTF-8 text is not one Slack signs, and is a 401 too);
- signed, but not the form or JSON Slack posts, or not a payload poolgov handles
  (:func:`bot.slack.payloads.parse_envelope`): **400**, and one warning line naming where the
  envelope is wrong (never what it holds);
- a body larger than Slack ever sends: **413**, unread.

Bolt then gets the envelope as decoded here (its own form parser drops a slash command whose text
contains the word "payload"), and verifies the signature once more as it always does.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import Clock, SignatureVerifier

from bot.slack.payloads import MalformedEnvelope, Payload, decode, parse_envelope
from bot.slack.payloads.bolt import KEY as PAYLOAD
from bot.slack.payloads.models import AppRateLimited

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

#: Slack's payloads are far smaller (a modal's state is a few tens of kilobytes at most).
MAX_BODY = 1024 * 1024
#: Slack's rule, which slack_sdk's verifier applies: a request more than five minutes old (or
#: ahead) is refused.
MAX_SKEW = 300
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")


class _EdgeClock(Clock):
    """slack_sdk's clock, reading the edge's (a hand clock in tests)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


def signed_text(
    verifier: SignatureVerifier | None, body: bytes, timestamp: str | None, signature: str | None
) -> str | None:
    """``body`` as text if it carries Slack's ``v0`` signature at a fresh ``timestamp``.

    slack_sdk's :class:`SignatureVerifier` checks the HMAC (in constant time) and the five-minute
    window; the headers' formats are checked here first, so that nothing but ASCII digits reaches
    its ``int()``. Slack signs UTF-8 text, and the verifier reads the body as that text: a body
    that is not UTF-8 was not signed by Slack and is refused like any other.
    """
    if verifier is None or timestamp is None or signature is None:
        return None
    if not _TIMESTAMP.match(timestamp) or not _SIGNATURE.match(signature):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if verifier.is_valid(body=body, timestamp=timestamp, signature=signature) else None


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    """The request's headers as Bolt names them (lower case, dashes)."""
    headers: dict[str, str | Sequence[str]] = {
        key[5:].lower().replace("_", "-"): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.lower().replace("_", "-")] = str(environ[key])
    return headers


def _one(value: str | Sequence[str] | None) -> str | None:
    return value if value is None or isinstance(value, str) else None


def _body(environ: WSGIEnvironment, limit: int) -> bytes | None:
    """At most ``limit`` bytes of the body; None when it is longer."""
    declared = str(environ.get("CONTENT_LENGTH") or "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    stream: Any = environ["wsgi.input"]
    raw: bytes = stream.read(limit + 1)
    return None if len(raw) > limit else raw


def edge_request(
    text: str,
    data: dict[str, Any],
    headers: dict[str, str | Sequence[str]],
    query: str,
    payload: Payload,
) -> BoltRequest:
    """A Bolt request over the envelope as decoded here, still carrying the raw body.

    Bolt takes a decoded body only in Socket Mode; the request is made so, then marked HTTP
    again, so that Bolt's own signature check runs over ``text`` as it would have.
    """
    context = {PAYLOAD: payload}
    request = BoltRequest(
        body=data, query=query, headers=headers, context=context, mode="socket_mode"
    )
    request.mode = "http"
    request.raw_body = text
    return request


def _answer(start_response: StartResponse, response: BoltResponse) -> Iterable[bytes]:
    status = HTTPStatus(response.status)
    body = (response.body or "").encode("utf-8")
    headers = [
        (name, value)
        for name, values in response.headers.items()
        if name.lower() != "content-length"
        for value in values
    ]
    headers.append(("Content-Length", str(len(body))))
    start_response(f"{status.value} {status.phrase}", headers)
    return [body]


def _plain(status: int, text: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=text, headers={"content-type": ["text/plain; charset=utf-8"]}
    )


class SignedEdge:
    """The WSGI application for ``/slack/events``."""

    def __init__(
        self,
        app: App,
        signing_secret: str,
        *,
        clock: Callable[[], float] = time.time,
        max_body: int = MAX_BODY,
    ) -> None:
        self._app = app
        self._verifier = (
            SignatureVerifier(signing_secret, clock=_EdgeClock(clock))
            if signing_secret.strip()
            else None
        )
        self._max_body = max_body

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return _answer(start_response, self.respond(environ))

    def respond(self, environ: WSGIEnvironment) -> BoltResponse:
        if environ.get("REQUEST_METHOD") != "POST":
            return _plain(405, "Method Not Allowed")
        raw = _body(environ, self._max_body)
        if raw is None:
            return _plain(413, "Payload Too Large")
        headers = _headers(environ)
        timestamp = _one(headers.get("x-slack-request-timestamp"))
        signature = _one(headers.get("x-slack-signature"))
        text = signed_text(self._verifier, raw, timestamp, signature)
        if text is None:
            return _plain(401, "invalid request")
        try:
            data = decode(text, _one(headers.get("content-type")))
            payload = parse_envelope(data)
        except MalformedEnvelope as error:
            log.warning("refused a signed request: malformed Slack payload (%s)", error.where)
            return _plain(400, "malformed payload")
        if not isinstance(data, dict):  # parse_envelope accepts nothing else
            return _plain(400, "malformed payload")
        if isinstance(payload, AppRateLimited):  # no listener: Slack only needs to hear a 200
            log.warning("Slack says it is dropping poolgov's events: app_rate_limited")
            return _plain(200, "")
        query = str(environ.get("QUERY_STRING") or "")
        request = edge_request(text, data, headers, query, payload)
        response: BoltResponse = self._app.dispatch(request)
        return response
