"""One scheduler per deployment: replicas elect a leader with a PostgreSQL advisory lock.

The lock is held on a dedicated connection for as long as the leader lives; when its process dies
the server drops the connection and the lock with it, and another replica takes it. SQLite means one
process, which is always the leader.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

#: An arbitrary constant naming poolgov's scheduler lock among the server's advisory locks.
SCHEDULER_LOCK = 0x706F6F6C676F76  # "poolgov"


class Leadership:
    """``try_acquire()`` until it returns True; ``still_held()`` tells a leader it still leads."""

    def __init__(self, engine: Engine, lock_key: int = SCHEDULER_LOCK) -> None:
        self._engine = engine
        self._key = lock_key
        self._connection: Connection | None = None
        self._exclusive = engine.dialect.name == "postgresql"

    @property
    def held(self) -> bool:
        return self._connection is not None or not self._exclusive

    def try_acquire(self) -> bool:
        if not self._exclusive:
            return True
        if self._connection is not None:
            return self.still_held()
        connection = self._engine.connect()
        try:
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            ).scalar_one()
            connection.commit()
        except DBAPIError:
            connection.close()
            log.warning("could not reach the database to elect a scheduler leader")
            return False
        if got:
            self._connection = connection
            log.info("this process now runs the scheduler")
            return True
        connection.close()
        return False

    def still_held(self) -> bool:
        if not self._exclusive:
            return True
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1")).scalar_one()
            self._connection.commit()
        except DBAPIError:
            log.warning("lost the scheduler lock's connection; stepping down")
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
            self._connection.commit()
        except DBAPIError:
            pass
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            finally:
                self._connection = None
