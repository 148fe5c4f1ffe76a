"""HTTP mode: Bolt behind a production WSGI server (waitress), ``/slack/events`` and ``/healthz``.

Bolt verifies every request's signature (``signing_secret``) before any listener runs; a forged or
stale request is answered 401 and reaches nothing else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def wsgi_app(app: App, healthy: Callable[[], bool] = lambda: True) -> WsgiApp:
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            ok = healthy()
            start_response(
                "200 OK" if ok else "503 Service Unavailable", [("Content-Type", "text/plain")]
            )
            return [b"ok\n" if ok else b"unhealthy\n"]
        body: Iterable[bytes] = slack(environ, start_response)
        return body

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
