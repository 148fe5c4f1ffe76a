"""Slack's side of Socket Mode: the WebSocket an app opens with ``apps.connections.open``.

Slack hands an app-level token (``xapp-…``) a single-use ``wss://`` URL; the app connects, Slack
says ``hello``, then pushes each request as an envelope (``slash_commands``, ``interactive``,
``events_api``) and waits for the app to acknowledge its ``envelope_id``, with a response payload
where the request type takes one. Here the URL is ``ws://127.0.0.1:<port>/link/?ticket=…`` on a
server of the ``websockets`` library; each ticket opens one connection. :meth:`push` sends an
envelope to the newest connection and returns the acknowledgement, or raises if none comes
within Slack's 3 seconds.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

#: How long Slack waits for an envelope's acknowledgement.
ACK_WITHIN = 3.0


class NotAcknowledged(Exception):
    """The app did not acknowledge an envelope in time (or no app is connected)."""


@dataclass(frozen=True)
class Ack:
    """An app's acknowledgement of one envelope: its response payload, if it sent one."""

    envelope_id: str
    payload: dict[str, Any] | None


class SocketModeEndpoint:
    """Tickets for ``apps.connections.open``, the WebSocket server, and envelopes pushed on it."""

    def __init__(self, app_id: str) -> None:
        self._app_id = app_id
        self._lock = threading.Condition()
        self._tickets: set[str] = set()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, Ack] = {}
        self._opened = 0
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- what the Web API and the driver use --------------------------------------------------

    def open_url(self) -> str:
        """A new single-use connection URL (what ``apps.connections.open`` answers)."""
        ticket = uuid.uuid4().hex
        with self._lock:
            if self._server is None:
                self._server = serve(self._talk, "127.0.0.1", 0, process_request=self._admit)
                self._thread = threading.Thread(
                    target=self._server.serve_forever, name="fake-slack-socket-mode", daemon=True
                )
                self._thread.start()
            self._tickets.add(ticket)
            host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket={ticket}"

    def wait_connected(self, timeout: float = 10.0) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: bool(self._connections), timeout)

    @property
    def connections_opened(self) -> int:
        """How many connections apps have opened so far (each with a ticket)."""
        with self._lock:
            return self._opened

    def push(
        self, envelope_type: str, payload: dict[str, Any], *, accepts_response_payload: bool
    ) -> Ack:
        """Send one envelope to the newest connection; its acknowledgement."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        with self._lock:
            if not self._connections:
                raise NotAcknowledged("no app is connected over Socket Mode")
            connection = self._connections[-1]
        try:
            connection.send(json.dumps(envelope))
        except ConnectionClosed as closed:  # the app went away as the envelope left
            raise NotAcknowledged("the app's connection closed") from closed
        with self._lock:
            if not self._lock.wait_for(lambda: envelope_id in self._acks, ACK_WITHIN):
                raise NotAcknowledged(f"envelope {envelope_id} was not acknowledged in time")
            return self._acks.pop(envelope_id)

    def stop(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close()
        with self._lock:
            server, thread, self._server, self._thread = self._server, self._thread, None, None
        if server is not None:
            server.shutdown()
        if thread is not None:
            thread.join(timeout=5)

    # -- the server ---------------------------------------------------------------------------

    def _admit(self, connection: ServerConnection, request: Request) -> Response | None:
        """Only a ticket issued by ``apps.connections.open``, and only once."""
        ticket = request.path.partition("ticket=")[2]
        with self._lock:
            if ticket not in self._tickets:
                return connection.respond(401, "invalid or used ticket\n")
            self._tickets.discard(ticket)
        return None

    def _talk(self, connection: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": 1,
            "connection_info": {"app_id": self._app_id},
            "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
        }
        connection.send(json.dumps(hello))
        with self._lock:
            self._opened += 1
            self._connections.append(connection)
            self._lock.notify_all()
        try:
            for message in connection:
                self._acknowledged(message)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._connections.remove(connection)

    def _acknowledged(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        envelope_id = data.get("envelope_id") if isinstance(data, dict) else None
        if not envelope_id:
            return
        payload = data.get("payload")
        with self._lock:
            self._acks[str(envelope_id)] = Ack(
                str(envelope_id), payload if isinstance(payload, dict) else None
            )
            self._lock.notify_all()
