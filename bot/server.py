"""HTTP mode: Bolt behind a production WSGI server (waitress), ``/slack/events`` and ``/healthz``.

The signature comes first (:mod:`bot.signed_edge`): a request to ``/slack/events`` whose
signature or timestamp is wrong is answered 401 before anything reads its body, whatever the body
holds; a signed one whose envelope is not a payload Slack sends poolgov is answered 400 with one
warning line. Only then does Bolt see it (and verify the signature again, as it always does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from waitress.server import create_server

from bot.signed_edge import SignedEdge

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def wsgi_app(
    app: App,
    healthy: Callable[[], bool] = lambda: True,
    signing_secret: str | None = None,
    ops: WsgiApp | None = None,
) -> WsgiApp:
    """``signing_secret`` defaults to the one the Bolt ``App`` was built with; ``ops``
    (bot/ops.py), when given, answers ``/healthz`` and ``/readyz``."""
    secret = signing_secret if signing_secret is not None else app._signing_secret
    slack = SignedEdge(app, secret)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if ops is not None and path in ("/healthz", "/readyz"):
            return ops(environ, start_response)
        if path == "/healthz":
            ok = healthy()
            start_response(
                "200 OK" if ok else "503 Service Unavailable", [("Content-Type", "text/plain")]
            )
            return [b"ok\n" if ok else b"unhealthy\n"]
        if path != EVENTS_PATH:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found"]
        return slack(environ, start_response)

    return application


class HttpServer:
    """A waitress server on ``host:port`` (port 0 picks a free one), run in a thread or in front."""

    def __init__(self, app: WsgiApp, host: str = "127.0.0.1", port: int = 3000, threads: int = 16):
        self._server: Any = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="poolgov",
            clear_untrusted_proxy_headers=True,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self.port}"

    def serve_forever(self) -> None:
        self._server.run()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self._server.run, name="poolgov-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every socket from inside the server's own loop, which then ends."""
        server = self._server

        def close_all() -> None:
            for dispatcher in list(server._map.values()):
                dispatcher.close()

        if self._thread is not None and self._thread.is_alive():
            try:
                server.trigger.pull_trigger(close_all)
            except OSError:  # the loop's wake-up pipe is already gone: close from here
                close_all()
            self._thread.join(timeout=10)
        else:
            close_all()
        server.task_dispatcher.shutdown()
