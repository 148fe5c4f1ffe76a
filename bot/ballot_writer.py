"""Ballots recorded in a process of their own, so a burst of clicks cannot starve their writer.

One interpreter runs one thread at a time. Under a burst, poolgov's threads parse requests, run
listeners and post receipts, and the ballot writer (:mod:`bot.ballot_batcher`) must win the
interpreter back after every database round trip of its batch: a batch that takes a millisecond
alone takes ten. Here the batch runs in a child process with an interpreter of its own (one
worker of a :class:`~concurrent.futures.ProcessPoolExecutor`, started with ``spawn``), and the
writer thread only hands it the commands and waits, without holding the interpreter.

The child opens its own engine on the same database with the same audit key, and records with
the same service (:func:`~governance.services.cast_ballots`) at the ``now`` the parent gives it,
so the parent's clock decides. A child that dies fails the batch it held (the batcher then casts
each of its ballots alone) and is replaced; one that loses its parent exits.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from multiprocessing import get_context

from bot.bootstrap import Storage, build
from governance.commands import CastBallot
from governance.events import BallotRecorded
from governance.services import cast_ballot, cast_ballots
from governance.services.ballots import BallotOutcome

log = logging.getLogger(__name__)


class BallotWriterProcess:
    """``record_batch``/``record_one`` in the child; ``stop`` ends it after what it holds."""

    def __init__(self, database_url: str, audit_key: bytes | None) -> None:
        self._database_url = database_url
        self._audit_key = audit_key
        self._lock = threading.Lock()
        self._pool = self._start()

    def record_batch(self, commands: Sequence[CastBallot], now: datetime) -> list[BallotOutcome]:
        pool = self._pool
        try:
            return pool.submit(_record_batch, list(commands), now).result()
        except BrokenProcessPool:
            self._replace(pool)
            raise

    def record_one(self, command: CastBallot, now: datetime) -> list[BallotRecorded]:
        pool = self._pool
        try:
            return pool.submit(_record_one, command, now).result()
        except BrokenProcessPool:
            self._replace(pool)
            raise

    def pid(self) -> int:
        """The child's process id (it is started on demand if it was replaced)."""
        return self._pool.submit(os.getpid).result()

    def stop(self) -> None:
        with self._lock:
            self._pool.shutdown(wait=True)

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("spawn"),
            initializer=_open,
            initargs=(self._database_url, self._audit_key, os.getpid()),
        )
        pool.submit(_ready)  # start the child now, not on the first click
        return pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                log.error("the ballot writer process died; starting another")
                self._pool = self._start()


# In the child ---------------------------------------------------------------------------------

_storage: Storage | None = None


def _open(database_url: str, audit_key: bytes | None, parent: int) -> None:
    global _storage
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _storage = build(database_url, audit_key)
    watchdog = threading.Thread(target=_exit_with, args=(parent,), daemon=True)
    watchdog.start()


def _exit_with(parent: int) -> None:
    """A parent killed outright cannot stop its child: the child notices and goes too."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> bool:
    return _storage is not None


def _record_batch(commands: list[CastBallot], now: datetime) -> list[BallotOutcome]:
    assert _storage is not None  # noqa: S101 - _open ran first
    return cast_ballots(commands, _storage.uow(), now)


def _record_one(command: CastBallot, now: datetime) -> list[BallotRecorded]:
    assert _storage is not None  # noqa: S101 - _open ran first
    return cast_ballot(command, _storage.uow(), now)
