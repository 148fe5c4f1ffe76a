"""Serve a WSGI app (a Bolt app through its WSGI adapter) on 127.0.0.1 in a background thread.

End-to-end tests point `SlackDriver` at `AppServer.url`; the product's own server is elsewhere.
"""

from __future__ import annotations

import socket
import threading
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import WSGIApplication


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = socket.SOMAXCONN  # not 5: a burst must not meet dropped SYNs


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests assert on answers, not on access logs."""


class AppServer:
    """A threaded wsgiref server for one app; start/stop or use as a context manager."""

    def __init__(self, app: WSGIApplication, host: str = "127.0.0.1", port: int = 0) -> None:
        self._app = app
        self._address = (host, port)
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def for_bolt(cls, bolt_app: Any, host: str = "127.0.0.1", port: int = 0) -> AppServer:
        """Serve a `slack_bolt.App` through `slack_bolt.adapter.wsgi.SlackRequestHandler`."""
        from slack_bolt.adapter.wsgi import SlackRequestHandler

        return cls(SlackRequestHandler(bolt_app), host, port)

    def start(self) -> AppServer:
        if self._server is None:
            host, port = self._address
            self._server = make_server(
                host, port, self._app, _ThreadingWSGIServer, handler_class=_QuietHandler
            )
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="sandbox-app",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("AppServer is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"
