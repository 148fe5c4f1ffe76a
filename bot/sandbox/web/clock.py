"""The sandbox's time: the wall clock plus an offset that only grows.

poolgov reads it through its clock port (aware UTC datetimes), the stand-in for Slack through its
own (seconds since the epoch), so both see the same "now" when the page moves time forward.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def wall_now() -> datetime:
    return datetime.now(UTC)


class SandboxClock:
    """Runs at the wall clock's pace; :meth:`advance` jumps it forward, never back."""

    def __init__(self, wall: Callable[[], datetime] = wall_now) -> None:
        self._wall = wall
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._wall() + self._offset

    def seconds(self) -> float:
        """The same instant as seconds since the epoch (the stand-in's clock)."""
        return self().timestamp()

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def advance(self, by: timedelta) -> None:
        if by < timedelta(0):
            raise ValueError("the sandbox's clock does not run backwards")
        with self._lock:
            self._offset += by

    def advance_to(self, when: datetime) -> None:
        """Move to ``when`` if it is still ahead."""
        with self._lock:
            ahead = when - (self._wall() + self._offset)
            if ahead > timedelta(0):
                self._offset += ahead

    def restart(self) -> None:
        """Back to the wall clock (a reset sandbox starts over from now)."""
        with self._lock:
            self._offset = timedelta(0)
