"""Keep real pools and sandbox pools apart: a database is marked with what it was first used with.

``poolgov run`` marks a database ``slack`` when it connects it to Slack and refuses one marked
``sandbox``; ``poolgov sandbox`` marks its database ``sandbox`` and refuses one marked ``slack``,
or one that holds a pool but no mark (a pool made before marks existed was made for Slack).
The sandbox looks before it touches anything (:func:`look`): it never migrates a real database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine

from storage.engines import make_engine, sqlite_path
from storage.findings import Finding, FindingError
from storage.tables_deployment import DeploymentRow

SLACK = "slack"
SANDBOX = "sandbox"


SANDBOX_REFUSED = Finding(
    "DATABASE_URL holds a sandbox pool (made by `poolgov sandbox`): its motions and votes are "
    "practice, and poolgov will not connect it to Slack. Point DATABASE_URL at the real pool's "
    "database, or a new one."
)


class DeploymentMismatch(FindingError):
    """The database belongs to the other kind of deployment; the finding says what to do."""


@dataclass(frozen=True)
class Mark:
    """What a database says about itself before anything writes to it."""

    kind: str | None  # SLACK, SANDBOX, or None when unmarked
    holds_pool: bool  # a charter has been recorded in it


def look(url: str) -> Mark:
    """The mark and whether a pool is there, read only (a missing SQLite file is empty)."""
    path = sqlite_path(url)
    if path is not None and not Path(path).exists():
        return Mark(None, holds_pool=False)
    engine = make_engine(url, pre_ping=False)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            kind = (
                connection.execute(select(DeploymentRow.kind)).scalar_one_or_none()
                if "deployment" in tables
                else None
            )
            holds_pool = "charter_versions" in tables and (
                connection.execute(text("SELECT 1 FROM charter_versions LIMIT 1")).first()
                is not None
            )
    finally:
        engine.dispose()
    return Mark(kind, holds_pool)


def refuse_for_sandbox(mark: Mark, where: str) -> None:
    """Raise unless the sandbox may open the database ``where`` that ``mark`` describes."""
    if mark.kind == SLACK or (mark.kind is None and mark.holds_pool):
        raise DeploymentMismatch(
            Finding(
                "{where} holds a pool that was used with real Slack: the sandbox never opens a "
                "real pool's records. Leave --database-url out (the sandbox keeps its own file) "
                "or give it a new database.",
                where=where,
            )
        )


def claim(engine: Engine, kind: str, now: datetime) -> None:
    """Mark an upgraded database as ``kind``'s, or raise if it is already the other's."""
    with engine.begin() as connection:
        found = connection.execute(select(DeploymentRow.kind)).scalar_one_or_none()
        if found is None:
            connection.execute(insert(DeploymentRow).values(id=1, kind=kind, marked_at=now))
            return
    if found == kind:
        return
    if kind == SLACK:
        raise DeploymentMismatch(SANDBOX_REFUSED)
    raise DeploymentMismatch(
        Finding(
            "the database holds a pool that was used with real Slack: the sandbox never opens a "
            "real pool's records. Give the sandbox a database of its own."
        )
    )
