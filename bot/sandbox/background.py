"""A socketserver served from a daemon thread: the sandbox's app server and fake Slack share it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from socketserver import BaseServer


class BackgroundServer:
    """``start()`` builds the server with ``make`` and serves it; ``stop()`` closes it."""

    def __init__(self, make: Callable[[], BaseServer], name: str) -> None:
        self._make = make
        self._name = name
        self._server: BaseServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        if self._server is None:
            self._server = self._make()
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=self._name,
                daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def url(self, what: str) -> str:
        """``http://host:port`` while running; ``what`` names the server in the error if not."""
        if self._server is None:
            raise RuntimeError(f"{what} is not started")
        address: tuple[str, int] = self._server.server_address  # type: ignore[assignment]
        return f"http://{address[0]}:{address[1]}"
