"""Planner statistics for the tables a unit of work filled in bulk, taken once it has committed.

PostgreSQL plans a query from each table's statistics, which autovacuum gathers only some time
after a large insert (up to a minute, by default, and only once enough rows changed). Until then
the planner takes a freshly filled register for a table of a row or two: the ballot batch's one
read about its casters (:meth:`storage.ballot_repo.SqlBallotRepository.casters`) then walks
every member and every counted ballot, 30 to 40 times the cost of the same read planned from
statistics at 500 members, and for every batch of the first burst after ``poolgov init``. So a
repository that fills a table in bulk marks it (:func:`filled_in_bulk`), and the unit of work
runs ``ANALYZE`` of the marked tables once its commit is through (:func:`analyse_filled`).

SQLite keeps no statistics unless asked (``ANALYZE`` writes ``sqlite_stat1``, which nothing would
keep up to date afterwards), and plans the same reads well from its indexes alone: nothing is
done there.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

#: ``Session.info`` key: the tables filled in bulk in the session's transaction.
FILLED = "poolgov_filled_in_bulk"


def filled_in_bulk(session: Session, *tables: str) -> None:
    """Note that this transaction filled the ``tables`` (by name) in bulk: ANALYZE them once it
    commits."""
    filled: set[str] = session.info.setdefault(FILLED, set())
    filled.update(tables)


def analyse_filled(session: Session, engine: Engine) -> None:
    """``ANALYZE`` the tables the committed transaction filled in bulk (PostgreSQL only)."""
    filled: set[str] = session.info.pop(FILLED, set())
    if not filled or engine.dialect.name != "postgresql":
        return
    preparer = engine.dialect.identifier_preparer
    names = ", ".join(preparer.quote(table) for table in sorted(filled))
    with engine.connect() as connection:
        connection.exec_driver_sql(f"ANALYZE {names}")
        connection.commit()
