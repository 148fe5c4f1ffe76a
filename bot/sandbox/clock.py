"""Clocks for the sandbox: wall time by default, a hand-driven clock for tests.

Slack's deadlines (trigger ids live 3 s, response URLs 30 min, rate-limit windows) are measured with
an injected clock so tests can cross them without sleeping.
"""

from __future__ import annotations

import threading
import time
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


class HeldClock:
    """Wall time that stands still until `release()`, then runs on from where it stood.

    A rate window spent while the clock is held stays spent, so the calls after it are refused
    however slowly the machine makes them; once released, the window refills in real time.
    """

    def __init__(self, wall: Clock = time.time) -> None:
        self._wall = wall
        self._held_at = wall()
        self._behind: float | None = None  # seconds behind the wall clock, once released
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            if self._behind is None:
                return self._held_at
            return self._wall() - self._behind

    def release(self) -> None:
        """Let time run again (a second release changes nothing)."""
        with self._lock:
            if self._behind is None:
                self._behind = self._wall() - self._held_at
