"""The operator's endpoints: ``/healthz``, ``/readyz`` and ``/metrics``.

In HTTP mode the first two are also answered on the Slack port (bot/server.py hands them here),
where a load balancer checks them. ``POOLGOV_OPS_PORT`` adds a small server of its own, on
``POOLGOV_OPS_HOST`` (``127.0.0.1`` by default), answering all three: the only health signal in
Socket Mode, and the only place metrics are served (never on the public Slack port).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import make_wsgi_app

from bot.health import Health

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

HEALTH_PATHS = ("/healthz", "/readyz")
TEXT = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")]


class OpsApp:
    """A WSGI app for the health paths, and ``/metrics`` when given a registry."""

    def __init__(self, health: Health, registry: CollectorRegistry | None = None) -> None:
        self.health = health
        self._metrics = make_wsgi_app(registry) if registry is not None else None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            start_response("200 OK", TEXT)
            return [b"ok\n"]
        if path == "/readyz":
            readiness = self.health.readiness()
            status = "200 OK" if readiness.ready else "503 Service Unavailable"
            start_response(status, TEXT)
            return [readiness.body()]
        if path == "/metrics" and self._metrics is not None:
            body: Iterable[bytes] = self._metrics(environ, start_response)
            return body
        start_response("404 Not Found", TEXT)
        return [b"not found\n"]
