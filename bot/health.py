"""Liveness, readiness and the drain on SIGTERM.

``/healthz`` (liveness) answers 200 while the process serves at all. ``/readyz`` (readiness)
answers 200 only when this replica should take traffic: the database answers, its schema is at
the code's head revision, the Slack connection is up (Socket Mode), and the replica is not
draining. Otherwise it answers 503 with one line per reason, so a load balancer stops sending
requests and an operator sees why.

On SIGTERM (:func:`install_drain`) the replica first reports not ready for
``POOLGOV_DRAIN_SECONDS`` while it goes on serving, so that the load balancer takes it out of
rotation with no request lost; then it stops as before (queued ballots recorded and answered).
A second SIGTERM during the drain stops it at once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

from sqlalchemy import Engine, text

from migrations import runner as migrations
from storage.engines import make_engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reasons: tuple[str, ...]

    def body(self) -> bytes:
        return b"ready\n" if self.ready else ("".join(f"{r}\n" for r in self.reasons)).encode()


class Health:
    """What ``/healthz`` and ``/readyz`` answer for one replica.

    The database is probed on an engine of its own (one connection), so a busy pool cannot make
    a live replica look dead, nor a dead database hide behind pooled connections.
    """

    def __init__(
        self,
        database_url: str,
        *,
        slack_connected: Callable[[], bool] | None = None,
        engine: Engine | None = None,
    ) -> None:
        self._engine = engine or make_engine(database_url, pool_size=1, max_overflow=0)
        self._own_engine = engine is None
        self._head = migrations.head_revision()
        self.slack_connected = slack_connected
        self.draining = threading.Event()
        self._lock = threading.Lock()

    def live(self) -> bool:
        return True

    def readiness(self) -> Readiness:
        reasons: list[str] = []
        if self.draining.is_set():
            reasons.append("draining: this replica is stopping")
        reasons.extend(self._database())
        if self.slack_connected is not None and not self.slack_connected():
            reasons.append("slack: the Socket Mode connection is down")
        return Readiness(not reasons, tuple(reasons))

    def _database(self) -> list[str]:
        with self._lock:  # one probe at a time: a slow database is not asked a hundred times
            try:
                with self._engine.connect() as connection:
                    revision = connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    ).scalar()
            except Exception as error:
                self._engine.dispose()  # no stale connection kept for the next probe
                return [f"database: unreachable ({type(error).__name__})"]
        if revision != self._head:
            return [f"database: schema at {revision or 'base'}, the code needs {self._head}"]
        return []

    def close(self) -> None:
        if self._own_engine:
            self._engine.dispose()


def install_drain(health: Health | None, drain_seconds: float) -> None:
    """SIGTERM: report not ready for ``drain_seconds`` while serving on, then stop
    (``SystemExit(0)`` in the main thread, as Ctrl-C would); a second SIGTERM stops at once."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        if health is None or drain_seconds <= 0 or health.draining.is_set():
            raise SystemExit(0)
        health.draining.set()
        log.info("SIGTERM: not ready for %g s while requests drain, then stopping", drain_seconds)

        def then_stop() -> None:
            os.kill(os.getpid(), signal.SIGTERM)  # wakes the main thread at once

        timer = threading.Timer(drain_seconds, then_stop)
        timer.daemon = True
        timer.start()

    signal.signal(signal.SIGTERM, on_sigterm)
