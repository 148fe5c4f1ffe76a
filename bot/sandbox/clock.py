"""Clocks for the sandbox: wall time by default, a hand-driven clock for tests.

Slack's deadlines (trigger ids live 3 s, response URLs 30 min, rate-limit windows) are measured with
an injected clock so tests can cross them without sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds since the epoch, as `time.time` returns them."""


class ManualClock:
    """A clock that moves only when told to; safe to read from the fake's server threads."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        with self._lock:
            self._now += seconds
