"""Processor time as Linux counts it: what a tree of processes, and the database server's
backends that serve it, have spent on the processors (``/proc/PID/stat``: user and system time).

A burst on two cores is as fast as the work it puts on them allows. The receipt p99 depends on
whatever else the machine does; the processor time a click costs depends far less on it, so it
shows what each app asks of the machine, and so how much of the ratio is work rather than
waiting.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import make_url, text

from bench.memory import PROC, descendants
from storage.engines import make_engine

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system time ``pid`` has used so far (0 once it is gone)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)


def tree_cpu_seconds(roots: Iterable[int]) -> dict[int, float]:
    """Each of ``roots``' processes and their descendants, with the time each has used."""
    return {pid: cpu_seconds(pid) for root in roots for pid in descendants(root)}


def backends(database_url: str) -> Callable[[], list[int]]:
    """The pids of the PostgreSQL backends connected to ``database_url``'s database, asked over
    a connection of the bench's own, opened for the question and left out; on SQLite, none."""
    if make_url(database_url).get_backend_name() != "postgresql":
        return list

    def pids() -> list[int]:
        engine = make_engine(database_url, pool_size=1, max_overflow=0)
        try:
            with engine.connect() as connection:
                rows = connection.execute(_BACKENDS)
                return [int(pid) for (pid,) in rows]
        finally:
            engine.dispose()

    return pids


_BACKENDS = text(
    "SELECT pid FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


class Spent:
    """The processor time spent between :meth:`start` and :meth:`stop` (see :func:`spent`)."""

    seconds: float | None = None


@contextmanager
def spent(processes: Callable[[], list[int]] | None) -> Iterator[Spent]:
    """Processor time used inside the block by the trees of ``processes()`` (read at the start
    and at the end: a process that came and went in between, such as a database backend opened
    and closed within it, is not counted). ``None``: not measured."""
    result = Spent()
    if processes is None:
        yield result
        return
    before = tree_cpu_seconds(processes())
    yield result
    after = tree_cpu_seconds(processes())
    result.seconds = sum(t - before.get(pid, 0.0) for pid, t in after.items())
