"""Ballots recorded in a process of their own, so a burst of clicks cannot starve their writer.

One interpreter runs one thread at a time. Under a burst, poolgov's threads parse requests, run
listeners and post receipts, and the ballot writer (:mod:`bot.ballot_batcher`) must win the
interpreter back after every database round trip of its batch: a batch that takes a millisecond
alone takes ten. Here the batch runs in a child process with an interpreter of its own (started
with ``spawn``); the batcher's writer thread sends it the commands over a pipe and waits for the
answers without holding the interpreter.

The child opens its own engine on the same database with the same audit key, and records with
the same services (:func:`~governance.services.cast_ballots`) at the ``now`` the parent sends,
so the parent's clock decides. Refusals come back as themselves; any other failure comes back as
a :class:`WriterFault` naming it. A child that dies fails the call it held (the batcher then
casts each of that batch's ballots alone) and is replaced; one whose parent dies exits.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

from bot.bootstrap import build
from governance.commands import CastBallot
from governance.errors import GovernanceError
from governance.events import BallotRecorded
from governance.services import cast_ballot, cast_ballots
from governance.services.ballots import BallotOutcome

log = logging.getLogger(__name__)

#: How long the parent waits for a new child to open its database before giving up on a call.
START_TIMEOUT = 60.0


class WriterFault(Exception):
    """The writer process failed to record a call (it died, or storage failed in it)."""


class BallotWriterProcess:
    """``record_batch``/``record_one`` run in the child, one call at a time; ``stop`` ends it."""

    def __init__(self, database_url: str, audit_key: bytes | None) -> None:
        self._database_url = database_url
        self._audit_key = audit_key
        self._lock = threading.Lock()
        self._stopped = False
        self._start()

    def record_batch(self, commands: Sequence[CastBallot], now: datetime) -> list[BallotOutcome]:
        answer: list[BallotOutcome] = self._call("batch", list(commands), now)
        return answer

    def record_one(self, command: CastBallot, now: datetime) -> list[BallotRecorded]:
        answer: list[BallotRecorded] = self._call("one", command, now)
        return answer

    def pid(self) -> int:
        """The child's process id, once it is ready."""
        with self._lock:
            self._await_ready()
            return self._pid

    def stop(self, timeout: float = 30.0) -> None:
        """Let the child finish what it holds and exit; later calls fail."""
        with self._lock:
            self._stopped = True
            with contextlib.suppress(OSError):  # a child already gone needs no telling
                self._conn.send(None)
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(5)
            self._conn.close()

    def _start(self) -> None:
        context = get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(theirs, self._database_url, self._audit_key, os.getpid()),
            name="poolgov-ballot-writer",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        self._conn = ours
        self._pid = 0

    def _await_ready(self) -> None:
        if self._pid:
            return
        if not self._conn.poll(START_TIMEOUT):
            raise WriterFault("the ballot writer process did not start in time")
        status, value = self._conn.recv()
        if status != "ready":
            raise WriterFault(f"the ballot writer process could not start: {value}")
        self._pid = int(value)

    def _call(self, kind: str, payload: object, now: datetime) -> Any:
        with self._lock:
            if self._stopped:
                raise WriterFault("the ballot writer has stopped")
            try:
                self._await_ready()
                self._conn.send((kind, payload, now))
                status, value = self._conn.recv()
            except (EOFError, OSError) as error:
                log.warning("the ballot writer process died; starting another")
                self._conn.close()
                self._process.join(5)
                self._start()
                raise WriterFault("the ballot writer process died during the call") from error
        if status in {"refused", "fault"}:
            raise value
        return value


# In the child ---------------------------------------------------------------------------------


def _serve(conn: Connection, database_url: str, audit_key: bytes | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    try:
        # no ping per batch: a batch lost to a dropped connection is cast again ballot by ballot
        storage = build(database_url, audit_key, pre_ping=False, writer=True)
    except Exception as error:  # told to the parent, which reports it on the next call
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", os.getpid()))
    with storage:
        while True:
            try:
                request = conn.recv()
            except EOFError:
                return
            if request is None:
                return
            kind, payload, now = request
            try:
                if kind == "batch":
                    answer: object = cast_ballots(payload, storage.uow(), now)
                else:
                    answer = cast_ballot(payload, storage.uow(), now)
            except Exception as error:
                conn.send(_failure(error))
            else:
                conn.send(("ok", answer))


def _failure(error: Exception) -> tuple[str, Exception]:
    if isinstance(error, GovernanceError):
        return "refused", error
    try:
        pickle.dumps(error)
    except Exception:
        return "fault", WriterFault(f"{type(error).__name__}: {error}")
    return "fault", error


def _exit_with(parent: int) -> None:
    """A parent killed outright cannot stop its child: the child notices and goes too."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)
