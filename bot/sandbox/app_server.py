"""Serve a WSGI app (a Bolt app through its WSGI adapter) on 127.0.0.1 in a background thread.

End-to-end tests point `SlackDriver` at `AppServer.url`; the product's own server is elsewhere.
"""

from __future__ import annotations

import socket
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import WSGIApplication

from bot.sandbox.background import BackgroundServer


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = socket.SOMAXCONN  # not 5: a burst must not meet dropped SYNs


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests assert on answers, not on access logs."""


class AppServer:
    """A threaded wsgiref server for one app; start/stop or use as a context manager."""

    def __init__(self, app: WSGIApplication, host: str = "127.0.0.1", port: int = 0) -> None:
        self._background = BackgroundServer(
            lambda: make_server(host, port, app, _ThreadingWSGIServer, handler_class=_QuietHandler),
            "sandbox-app",
        )

    @classmethod
    def for_bolt(cls, bolt_app: Any, host: str = "127.0.0.1", port: int = 0) -> AppServer:
        """Serve a `slack_bolt.App` through `slack_bolt.adapter.wsgi.SlackRequestHandler`."""
        from slack_bolt.adapter.wsgi import SlackRequestHandler

        return cls(SlackRequestHandler(bolt_app), host, port)

    def start(self) -> AppServer:
        self._background.start()
        return self

    def stop(self) -> None:
        self._background.stop()

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
        return self._background.url("AppServer")
