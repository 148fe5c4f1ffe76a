"""Coalesced refreshes of motion messages.

A burst of votes must not become a burst of ``chat.update`` calls (Tier 3, about 50 a minute per
workspace). Each message is re-rendered at most once per ``interval``; a refresh requested while one
is pending is folded into it, and an urgent refresh (a close) goes out at once. The renderer reads
the database when it runs, so the last refresh always shows the latest state.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Refresher:
    def __init__(self, render: Callable[[str], None], interval: float = 3.0) -> None:
        self._render = render
        self._interval = interval
        self._due: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Condition()
        self._stopped = False
        self._busy = 0
        self._thread = threading.Thread(target=self._run, name="poolgov-refresher", daemon=True)
        self._thread.start()

    def request(self, key: str, *, urgent: bool = False) -> None:
        """Ask for ``key``'s message to be re-rendered soon (now if ``urgent``)."""
        now = time.monotonic()
        with self._lock:
            earliest = now if urgent else max(now, self._last.get(key, 0.0) + self._interval)
            due = self._due.get(key)
            if due is not None and due <= earliest:
                return  # already due as soon: a burst of votes wakes the thread once
            self._due[key] = earliest
            self._lock.notify()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is pending (tests and shutdown)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while (self._due or self._busy) and time.monotonic() < deadline:
                self._lock.wait(0.05)
            return not self._due and not self._busy

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify()
        self._thread.join(timeout=5)

    def _next(self) -> str | None:
        with self._lock:
            while not self._stopped:
                now = time.monotonic()
                if self._due:
                    key, when = min(self._due.items(), key=lambda item: item[1])
                    if when <= now:
                        del self._due[key]
                        self._last[key] = now
                        self._busy += 1
                        return key
                    self._lock.wait(when - now)
                else:
                    self._lock.wait()
            return None

    def _run(self) -> None:
        while (key := self._next()) is not None:
            try:
                self._render(key)
            except Exception:
                log.exception("refreshing message %s failed; it will be retried", key)
                with self._lock:
                    retry = time.monotonic() + self._interval
                    self._due[key] = min(self._due.get(key, retry), retry)
            with self._lock:
                self._busy -= 1
                self._lock.notify_all()
