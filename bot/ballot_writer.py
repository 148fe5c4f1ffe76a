"""Ballots recorded in a process of their own, so a burst of clicks cannot starve their writer.

One interpreter runs one thread at a time. Under a burst, poolgov's threads parse requests, run
listeners and post receipts, and the ballot writer (:mod:`bot.ballot_batcher`) must win the
interpreter back after every database round trip of its batch: a batch that takes a millisecond
alone takes ten. Here the batch runs in a child process with an interpreter of its own; the
batcher's writer thread sends it the commands over a socket pair and waits for the answers
without holding the interpreter.

The child costs little memory. ``poolgov run`` forks it (:meth:`BallotWriterProcess.fork`) while
the server is still one thread and has no database connection: the child shares the parent's
imported code page for page, and only what it writes is its own. A child started later (a
replacement for one that died, or a writer made by a program that already runs threads) is a new
interpreter that imports only the ballot path (:mod:`storage.uow`, :mod:`storage.engines`,
:mod:`governance.services.ballots`), never the Slack app.

The child opens its own engine on the same database and records with the same services
(:func:`~governance.services.cast_ballots`) at the ``now`` the parent sends, so the parent's clock
decides. Refusals come back as themselves; any other failure comes back as a
:class:`WriterFault` naming it. A child that dies fails the call it held (the batcher then casts
each of that batch's ballots alone) and is replaced. A child whose parent dies (killed outright,
so nobody tells it) exits quietly, status 0 and nothing on stderr: it notices the closed socket,
or, failing that, that its parent is gone.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from governance.commands import CastBallot
from governance.errors import GovernanceError
from governance.events import BallotRecorded
from governance.services.ballots import BallotOutcome

log = logging.getLogger(__name__)

#: How long the parent waits for a new child to open its database before giving up on a call.
START_TIMEOUT = 60.0
#: How often a child checks that its parent is still there (besides noticing the closed socket).
PARENT_CHECK_SECONDS = 1.0
#: The directory that holds the ``bot`` package, put on a started child's import path.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
#: The child's connections to PostgreSQL unless told (``POOLGOV_WRITER_POOL_SIZE``'s default).
WRITER_POOL_SIZE = 2


class WriterFault(Exception):
    """The writer process failed to record a call (it died, or storage failed in it)."""


class BallotWriterProcess:
    """``record_batch``/``record_one`` run in the child, one call at a time; ``stop`` ends it.

    ``BallotWriterProcess(url)`` starts a lean child interpreter; :meth:`fork` forks one instead,
    which only a single-threaded process may do.
    """

    def __init__(
        self,
        database_url: str,
        *,
        pool_size: int = WRITER_POOL_SIZE,
        _forked: tuple[int, Connection] | None = None,
    ) -> None:
        self._database_url = database_url
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._stopped = False
        self._child: _Child
        if _forked is not None:
            self._child = _ForkedChild(*_forked)
        else:
            self._child = _StartedChild(database_url, pool_size)
        self._pid = 0
        self.forked = _forked is not None

    @classmethod
    def fork(cls, database_url: str, *, pool_size: int = WRITER_POOL_SIZE) -> BallotWriterProcess:
        """Fork the child now: call it while this process runs one thread and holds no database
        connection (``poolgov run`` does, before it builds the bot).

        Raises :class:`RuntimeError` when other threads run: a child forked then could inherit a
        lock some other thread held, and wait for it forever.
        """
        if threading.active_count() != 1:
            raise RuntimeError("the ballot writer can only be forked while one thread runs")
        ours, theirs = socket.socketpair()
        gc.collect()
        gc.freeze()  # the collector leaves the shared heap alone, so its pages stay shared
        pid = os.fork()
        if pid == 0:  # the child: never returns into the parent's code
            status = 1
            try:
                ours.close()
                conn = Connection(theirs.detach())
                status = _serve(conn, database_url, pool_size, os.getppid())
            except BaseException:
                log.exception("the ballot writer process failed")
            finally:
                os._exit(status)
        theirs.close()
        return cls(database_url, pool_size=pool_size, _forked=(pid, Connection(ours.detach())))

    def record_batch(self, commands: Sequence[CastBallot], now: datetime) -> list[BallotOutcome]:
        answer: list[BallotOutcome] = self._call("batch", list(commands), now)
        return answer

    def record_one(self, command: CastBallot, now: datetime) -> list[BallotRecorded]:
        answer: list[BallotRecorded] = self._call("one", command, now)
        return answer

    def loaded_modules(self) -> list[str]:
        """The names of the modules the child has imported (what it holds in memory)."""
        answer: list[str] = self._call("modules", None, None)
        return answer

    def pid(self) -> int:
        """The child's process id, once it is ready."""
        with self._lock:
            self._await_ready()
            return self._pid

    def stop(self, timeout: float = 30.0) -> None:
        """Let the child finish what it holds and exit; later calls fail."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            with contextlib.suppress(OSError):  # a child already gone needs no telling
                self._child.conn.send(None)
            self._child.end(timeout)

    def _await_ready(self) -> None:
        if self._pid:
            return
        conn = self._child.conn
        if not conn.poll(START_TIMEOUT):
            raise WriterFault("the ballot writer process did not start in time")
        status, value = conn.recv()
        if status != "ready":
            raise WriterFault(f"the ballot writer process could not start: {value}")
        self._pid = int(value)

    def _call(self, kind: str, payload: object, now: datetime | None) -> Any:
        with self._lock:
            if self._stopped:
                raise WriterFault("the ballot writer has stopped")
            try:
                self._await_ready()
                self._child.conn.send((kind, payload, now))
                status, value = self._child.conn.recv()
            except (EOFError, OSError) as error:
                log.warning("the ballot writer process died; starting another")
                self._child.end(5)
                self._child = _StartedChild(self._database_url, self._pool_size)
                self._pid = 0
                raise WriterFault("the ballot writer process died during the call") from error
        if status in {"refused", "fault"}:
            raise value
        return value


class _Child:
    conn: Connection

    def end(self, timeout: float) -> None:
        raise NotImplementedError


class _ForkedChild(_Child):
    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid = pid
        self.conn = conn

    def end(self, timeout: float) -> None:
        """Wait for the child to exit (killed after ``timeout``), and close the socket."""
        deadline = time.monotonic() + timeout
        while _waitpid(self.pid) is None:
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.01)
        self.conn.close()


def _waitpid(pid: int) -> int | None:
    """The exit status of a child that has ended (reaping it), or None while it runs."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already reaped
        return 0
    return status if done else None


class _StartedChild(_Child):
    """A fresh interpreter that imports the ballot path only; the database URL (which may hold a
    password) goes over the socket, not on its command line."""

    def __init__(self, database_url: str, pool_size: int) -> None:
        ours, theirs = socket.socketpair()
        path = os.pathsep.join(filter(None, [PROJECT_ROOT, os.environ.get("PYTHONPATH")]))
        code = f"from bot.ballot_writer import child_main; child_main({theirs.fileno()})"
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            pass_fds=[theirs.fileno()],
            env={**os.environ, "PYTHONPATH": path},
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send((database_url, pool_size))

    def end(self, timeout: float) -> None:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.conn.close()


# In the child ---------------------------------------------------------------------------------


def child_main(fd: int) -> None:
    """The started child's entry point: its database URL comes first over the socket."""
    status = 1
    try:
        conn = Connection(fd)
        try:
            database_url, pool_size = conn.recv()
        except (EOFError, OSError):
            status = 0  # the parent went before it said where to write
        else:
            status = _serve(conn, database_url, pool_size, os.getppid())
    except BaseException:
        log.exception("the ballot writer process failed")
    finally:
        sys.stdout.flush()
        os._exit(status)


def _serve(conn: Connection, database_url: str, pool_size: int, parent: int) -> int:
    """Answer the parent's calls until it says stop or goes; the exit status (0 unless the child
    could not start)."""
    # The parent decides when to stop: Ctrl-C (the whole process group) and a service manager's
    # SIGTERM reach it, and it stops the child after the ballots in flight are recorded.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    try:
        return _answer_calls(conn, database_url, pool_size)
    except (EOFError, OSError):  # the parent went while an answer was on its way
        return 0


def _answer_calls(conn: Connection, database_url: str, pool_size: int) -> int:
    from governance.services.ballots import cast_ballot, cast_ballots
    from storage.engines import make_engine
    from storage.uow import SqlUnitOfWork

    try:
        # no ping per batch: a batch lost to a dropped connection is cast again ballot by ballot
        # one batch at a time: a few connections of its own (POOLGOV_WRITER_POOL_SIZE)
        engine = make_engine(database_url, pre_ping=False, pool_size=pool_size, max_overflow=0)
    except Exception as error:  # told to the parent, which reports it on the next call
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return 1
    conn.send(("ready", os.getpid()))
    try:
        while True:
            request = conn.recv()
            if request is None:
                return 0
            kind, payload, now = request
            if kind == "modules":
                conn.send(("ok", sorted(sys.modules)))
                continue
            try:
                uow = SqlUnitOfWork(engine, write=True)
                if kind == "batch":
                    answer: object = cast_ballots(payload, uow, now)
                else:
                    answer = cast_ballot(payload, uow, now)
            except Exception as error:
                conn.send(_failure(error))
            else:
                conn.send(("ok", answer))
    finally:
        engine.dispose()


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
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)
