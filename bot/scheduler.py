"""The scheduler: a wake-up call for deadlines that live in database rows.

APScheduler 3 fires a job close to each due time; a reconciler sweep at start-up and every minute
catches whatever was missed (downtime, a lost job). Deadline jobs run with no misfire grace (a
deadline passed while the bot was down still closes the motion) and every job is idempotent, so a
sweep and a job that both fire change nothing twice. Only the elected leader runs jobs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from storage.leadership import Leadership

log = logging.getLogger(__name__)

SWEEP_JOB = "sweep"


class Scheduler:
    """Runs ``sweep(now)`` at start and every ``sweep_interval``, and one-off jobs at instants."""

    def __init__(
        self,
        sweep: Callable[[], None],
        leadership: Leadership,
        sweep_interval: float = 60.0,
        election_interval: float = 5.0,
    ) -> None:
        self._sweep = sweep
        self._leadership = leadership
        self._sweep_interval = sweep_interval
        self._election_interval = election_interval
        self._aps = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._stop = threading.Event()
        self._sweeping = threading.Lock()  # one sweep at a time in this process
        self._elector = threading.Thread(target=self._elect, name="poolgov-elector", daemon=True)
        self._leading = False

    @property
    def leading(self) -> bool:
        return self._leading

    def start(self) -> None:
        self._aps.start(paused=True)
        self._elector.start()

    def stop(self) -> None:
        self._stop.set()
        if self._elector.is_alive():
            self._elector.join(timeout=10)
        if self._aps.running:
            self._aps.shutdown(wait=True)
        self._leadership.release()

    def at(self, job_id: str, when: datetime, func: Callable[..., Any], *args: Any) -> None:
        """Run ``func(*args)`` at ``when``, replacing a job of the same id; late runs still run."""
        if not self._leading or self._stop.is_set():
            # the leader's sweep will find the row; followers keep no jobs. While stopping,
            # APScheduler's shutdown holds its job store lock until running jobs end, so a job
            # (the sweep) adding one would wait for ever.
            return
        self._aps.add_job(
            func,
            "date",
            run_date=when,
            args=args,
            id=job_id,
            replace_existing=True,
            misfire_grace_time=None,
        )

    def sweep_here(self) -> None:
        """Run one sweep in the caller's thread, after the scheduled one if it is running: when
        this returns, whatever was due by the clock is done and no sweep of this process still
        holds a notice it leased."""
        with self._sweeping:
            self._sweep()

    def _scheduled_sweep(self) -> None:
        with self._sweeping:
            self._sweep()

    def sweep_now(self) -> None:
        if self._leading:
            self._aps.modify_job(SWEEP_JOB, next_run_time=datetime.now(UTC))

    def _lead(self) -> None:
        self._leading = True
        self._aps.add_job(
            self._scheduled_sweep,
            "interval",
            seconds=self._sweep_interval,
            id=SWEEP_JOB,
            replace_existing=True,
            next_run_time=datetime.now(UTC),
        )
        self._aps.resume()

    def _step_down(self) -> None:
        self._leading = False
        self._aps.pause()
        self._aps.remove_all_jobs()

    def _elect(self) -> None:
        while not self._stop.is_set():
            try:
                if self._leading and not self._leadership.still_held():
                    self._step_down()
                elif not self._leading and self._leadership.try_acquire():
                    self._lead()
            except Exception:
                log.exception("scheduler election failed; trying again")
            self._stop.wait(self._election_interval)
