"""Early closes: a motion whose whole electorate has voted is closed once, a moment later.

Every ballot recorded after the last member voted reports that everyone has, so a burst of
clicks would ask for the same close many times, each asking for the motion's lock while ballots
are still being recorded. Here the first ask starts a timer of ``grace`` seconds and the rest
change nothing: the close runs once, on its own thread, off the voters' path, and counts any
ballot (a changed vote, say) that arrived in between. Stopping runs the closes still waiting
rather than dropping them, since no deadline job would close these motions early.

A close lost with the process (killed inside the grace) is not lost for good: every sweep, the
one at start-up first, closes the open motions everyone has voted on (``bot/jobs.py``). The
test-only fault point ``early_close:motion:<id>`` (see ``bot/faults.py``) kills the process just
as the close would run, so a test can show that.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.faults import kill_point

log = logging.getLogger(__name__)

#: Motions remembered as closed; past this many the memory starts afresh (a close is idempotent).
REMEMBERED = 1000


class EarlyCloser:
    """``request(motion_id)``: close it after ``grace`` seconds, once, with ``close``."""

    def __init__(self, close: Callable[[str], object], grace: float) -> None:
        self._close = close
        self._grace = grace
        self._lock = threading.Lock()
        self._waiting: dict[str, threading.Timer] = {}
        self._closed: set[str] = set()
        self._stopped = False

    def request(self, motion_id: str) -> None:
        with self._lock:
            if self._stopped or motion_id in self._closed or motion_id in self._waiting:
                return
            timer = threading.Timer(self._grace, self._run, args=(motion_id,))
            timer.name = f"poolgov-close-{motion_id}"
            timer.daemon = True
            self._waiting[motion_id] = timer
        timer.start()

    def stop(self) -> None:
        """Run every close still waiting, now; later requests are ignored."""
        with self._lock:
            self._stopped = True
            waiting = list(self._waiting.items())
        for motion_id, timer in waiting:
            timer.cancel()
            timer.join()  # a close already running finishes first
            if motion_id in self._waiting:
                self._run(motion_id)

    def _run(self, motion_id: str) -> None:
        kill_point("early_close", f"motion:{motion_id}")
        try:
            self._close(motion_id)
        except Exception:  # the next ballot asks again, and the deadline job closes it anyway
            log.exception("closing motion %s early failed", motion_id)
            with self._lock:
                self._waiting.pop(motion_id, None)
            return
        with self._lock:
            self._waiting.pop(motion_id, None)
            if len(self._closed) >= REMEMBERED:
                self._closed.clear()
            self._closed.add(motion_id)
