"""Clocks the e2e tests hand to poolgov: time moves only when the test says so."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

OPENED = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
"""Where a hand clock starts by default: far from the wall clock, so no timer fires on its own."""


class HandClock:
    """An aware UTC clock that moves only when the test says so."""

    def __init__(self, start: datetime = OPENED) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = max(self._now, when)

    def advance(self, by: timedelta) -> None:
        with self._lock:
            self._now += by
