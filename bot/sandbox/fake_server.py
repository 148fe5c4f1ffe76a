"""The HTTP side of the fake Slack: a threaded stdlib server and the parsing of Slack-style bodies.

Routes: `POST|GET /api/<method>` (the Web API, as `WebClient(base_url=…/api/)` calls it) and
`POST /response/<id>` (response URLs). Everything else is 404.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.sandbox.api_error import ApiError

# Arguments Slack takes as JSON text inside a form-encoded body.
JSON_ARGUMENTS = ("blocks", "attachments", "view", "metadata")


@dataclass(frozen=True)
class HttpAnswer:
    """A JSON answer: status, body and extra headers."""

    status: int
    body: Mapping[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)


class Endpoint(Protocol):
    """What the server forwards requests to (the FakeSlack)."""

    def answer_api(
        self, method: str, headers: Mapping[str, str], body: bytes, query: str
    ) -> HttpAnswer: ...

    def answer_response_url(
        self, url_id: str, headers: Mapping[str, str], body: bytes
    ) -> HttpAnswer: ...


def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Arguments from a JSON, form-encoded or multipart body, with JSON-valued arguments decoded."""
    kind = content_type.split(";")[0].strip().lower()
    if not body.strip():
        params: dict[str, Any] = {}
    elif kind == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise ApiError("invalid_json") from None
        if not isinstance(decoded, dict):
            raise ApiError("json_not_object")
        params = decoded
    elif kind == "multipart/form-data":
        params = _multipart(content_type, body)
    else:
        params = parse_query(body.decode("utf-8", errors="replace"))
    return decode_json_arguments(params)


def parse_query(text: str) -> dict[str, Any]:
    return dict(parse_qsl(text, keep_blank_values=True))


def decode_json_arguments(params: dict[str, Any]) -> dict[str, Any]:
    for name in JSON_ARGUMENTS:
        value = params.get(name)
        if isinstance(value, str) and value:
            try:
                params[name] = json.loads(value)
            except ValueError:
                raise ApiError(
                    "invalid_blocks_format" if name == "blocks" else "invalid_arguments",
                    [f"[ERROR] {name} is not valid JSON"],
                ) from None
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            params[name] = payload.decode("utf-8", errors="replace")
    return params


class FakeHttpServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows the endpoint to forward to.

    Its listen backlog is a real server's, not socketserver's 5: with a short one, a burst of
    connections (receipts to response URLs) overflows it and the kernel drops SYNs, which the
    client only retries after a second, a delay no Slack endpoint adds.
    """

    daemon_threads = True
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], endpoint: Endpoint) -> None:
        super().__init__(address, _Handler)
        self.endpoint = endpoint


class _Handler(BaseHTTPRequestHandler):
    server: FakeHttpServer

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the transcript is the log."""

    def _route(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        endpoint = self.server.endpoint
        if url.path.startswith("/api/"):
            answer = endpoint.answer_api(unquote(url.path[5:]), headers, body, url.query)
        elif url.path.startswith("/response/"):
            answer = endpoint.answer_response_url(url.path[10:], headers, body)
        else:
            answer = HttpAnswer(404, {"ok": False, "error": "not_found"})
        self._send(answer)

    def _send(self, answer: HttpAnswer) -> None:
        payload = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
