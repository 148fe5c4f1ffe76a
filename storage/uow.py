"""The SQL unit of work: one session, one transaction, every repository sharing it.

``with SqlUnitOfWork(engine) as uow: …; uow.commit()``; leaving the block without a commit
rolls back. A writing unit of work starts with ``BEGIN IMMEDIATE`` on SQLite. Errors that mean
"another transaction got in the way" (SQLite busy, PostgreSQL serialization failure or deadlock)
leave as :class:`~governance.ports.ConcurrentWrite`, which services retry.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from governance.ports import ConcurrentWrite
from storage.action_repo import SqlActionRepository
from storage.audit.log import SqlAuditLog
from storage.ballot_repo import SqlBallotRepository
from storage.complaint_repo import SealerSource, SqlComplaintRepository
from storage.declaration_repo import SqlDeclarationRepository
from storage.engines import BUSY_TIMEOUT_MS, WRITE, writer_lock
from storage.meeting_repo import SqlMeetingRepository
from storage.minutes_repo import SqlMinutesReviewRepository
from storage.motion_repo import SqlMotionRepository
from storage.outbox_repo import SqlNoticeOutbox
from storage.proxy_repo import SqlProxyRepository
from storage.records_repo import (
    SqlCharterRepository,
    SqlDistributionRepository,
    SqlFeeScheduleRepository,
    SqlRequestRepository,
)
from storage.register_repo import SqlRegisterRepository
from storage.statistics import analyse_filled

log = logging.getLogger(__name__)

RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


def is_lost_race(error: BaseException) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


class SqlUnitOfWork:
    """Implements :class:`governance.ports.UnitOfWork` over a SQLAlchemy engine."""

    charters: SqlCharterRepository
    register: SqlRegisterRepository
    motions: SqlMotionRepository
    ballots: SqlBallotRepository
    requests: SqlRequestRepository
    fees: SqlFeeScheduleRepository
    distributions: SqlDistributionRepository
    audit: SqlAuditLog
    meetings: SqlMeetingRepository
    complaints: SqlComplaintRepository
    outbox: SqlNoticeOutbox
    actions: SqlActionRepository
    proxies: SqlProxyRepository
    minutes_reviews: SqlMinutesReviewRepository

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = True,
        sealer: SealerSource | None = None,
    ) -> None:
        self._engine = engine
        self._sealer = sealer
        self._write = write
        self._session: Session | None = None
        self._writer_lock = writer_lock(engine) if write else None
        self._holding = False

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a `with` block")
        return self._session

    def __enter__(self) -> Self:
        if self._writer_lock is not None:
            # past SQLite's own busy timeout, go on without it and let SQLite decide
            self._holding = self._writer_lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
        session = Session(self._engine, autoflush=False, expire_on_commit=False)
        self._session = session
        try:
            session.connection(execution_options={WRITE: self._write})
        except BaseException as error:
            self._close()
            if is_lost_race(error):
                raise ConcurrentWrite(str(error)) from error
            raise
        self.charters = SqlCharterRepository(session)
        self.register = SqlRegisterRepository(session)
        self.motions = SqlMotionRepository(session)
        self.ballots = SqlBallotRepository(session)
        self.requests = SqlRequestRepository(session)
        self.fees = SqlFeeScheduleRepository(session)
        self.distributions = SqlDistributionRepository(session)
        self.audit = SqlAuditLog(session)
        self.meetings = SqlMeetingRepository(session)
        self.complaints = SqlComplaintRepository(session, self._sealer)
        self.outbox = SqlNoticeOutbox(session)
        self.actions = SqlActionRepository(session)
        self.proxies = SqlProxyRepository(session)
        self.minutes_reviews = SqlMinutesReviewRepository(session)
        self.declarations = SqlDeclarationRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()
        if exc is not None and is_lost_race(exc):
            raise ConcurrentWrite(str(exc)) from exc

    def commit(self) -> None:
        try:
            self.audit.flush()
            self.session.commit()
        except DBAPIError as error:
            if is_lost_race(error):
                raise ConcurrentWrite(str(error)) from error
            raise
        try:
            analyse_filled(self.session, self._engine)
        except DBAPIError:  # committed all the same; autovacuum gathers them later
            log.warning("could not gather the planner's statistics", exc_info=True)

    def rollback(self) -> None:
        # what the transaction noted for itself (writes held for the commit, the chain head it
        # locked, tables to analyse) goes with it
        self.session.info.clear()
        self.session.rollback()

    def _close(self) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                try:
                    session.rollback()
                finally:
                    session.close()
        finally:
            if self._holding and self._writer_lock is not None:
                self._holding = False
                self._writer_lock.release()
