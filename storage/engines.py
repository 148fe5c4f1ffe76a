"""Engines: ``DATABASE_URL`` picks SQLite (default: a file in the working directory) or PostgreSQL.

SQLite runs in WAL mode with a busy timeout and foreign keys on; a unit of work that writes
begins with ``BEGIN IMMEDIATE``, so writers queue for the lock up front instead of failing halfway.
Within one process, writers to a SQLite file first queue on a :func:`writer_lock`: SQLite lets one
writer in at a time anyway, and its busy handler polls with sleeps of up to 100 ms, where a
waiter on a lock is woken the moment the writer before it finishes.
PostgreSQL goes through psycopg 3 (``postgresql://`` is read as ``postgresql+psycopg://``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import ConnectionPoolEntry

DEFAULT_DATABASE_URL = "sqlite:///poolgov.db"
WRITE = "poolgov_write"  # execution option: this transaction writes (BEGIN IMMEDIATE on SQLite)
BUSY_TIMEOUT_MS = 30_000


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """``DATABASE_URL``, or ``sqlite:///poolgov.db`` in the working directory."""
    return environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def normalise_url(url: str | URL) -> URL:
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


#: A PostgreSQL engine's connections by default: kept open, and opened beyond those under load.
POOL_SIZE = 10
MAX_OVERFLOW = 20


def make_engine(
    url: str | URL,
    *,
    pre_ping: bool = True,
    pool_size: int = POOL_SIZE,
    max_overflow: int = MAX_OVERFLOW,
) -> Engine:
    """``pre_ping`` checks a PostgreSQL connection on every checkout (one round trip). A caller
    on a hot path that retries a failed transaction anyway turns it off; its connections are
    then renewed after five minutes instead, before a server or network drops them idle.

    ``pool_size`` and ``max_overflow`` bound a PostgreSQL engine's connections
    (``POOLGOV_DB_POOL_SIZE``, ``POOLGOV_DB_MAX_OVERFLOW``); a SQLite file's are cheap and fixed."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    engine = create_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=60,
        pool_pre_ping=pre_ping,
        pool_recycle=-1 if pre_ping else 300,
    )
    event.listen(engine, "connect", _postgres_connect)
    return engine


def _postgres_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    # Lists go as binary arrays: the text form quotes and escapes every element in Python, which
    # for a ballot batch's array parameters (storage.deferred: JSON bodies, full of quotes) costs
    # more than the rest of the statement on the client.
    from psycopg.types.array import ListBinaryDumper

    dbapi_connection.adapters.register_dumper(list, ListBinaryDumper)


def _sqlite_engine(url: URL) -> Engine:
    if url.database in {None, "", ":memory:"}:
        raise ValueError("poolgov keeps its records in a file: give sqlite:///PATH")
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=8,
        max_overflow=40,
        pool_timeout=60,
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    # Take BEGIN away from the sqlite3 module: _sqlite_begin emits it, deferred or immediate.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_WRITER_LOCKS: dict[str, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def writer_lock(engine: Engine) -> threading.Lock | None:
    """The lock this process's writers to ``engine``'s SQLite file queue on; None on PostgreSQL.

    One lock per file (resolved), shared by every engine of the process that opens it.
    """
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    path = os.path.realpath(engine.url.database)
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(path, threading.Lock())


def sqlite_path(url: str | URL) -> str | None:
    """The database file of a SQLite URL, else ``None``."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return parsed.database
