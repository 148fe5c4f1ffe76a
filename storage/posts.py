"""The bot's record of its Slack messages (implements ``bot.runtime.PostBook``).

Each call is its own short transaction: this is bookkeeping beside the governance record, never
part of it.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.engines import WRITE
from storage.tables import MotionRow
from storage.tables_slack import SlackPostRow

MOTION_PREFIX = "motion:"


class SqlPostBook:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _session(self, write: bool) -> Session:
        session = Session(self._engine, expire_on_commit=False)
        session.connection(execution_options={WRITE: write})
        return session

    def save(self, key: str, channel: str, ts: str) -> None:
        insert = pg_insert if self._engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert(SlackPostRow).values(key=key, channel=channel, ts=ts)
        statement = statement.on_conflict_do_update(
            index_elements=[SlackPostRow.key], set_={"channel": channel, "ts": ts}
        )
        with self._session(True) as session:
            session.execute(statement)
            session.commit()

    def get(self, key: str) -> tuple[str, str] | None:
        with self._session(False) as session:
            row = session.get(SlackPostRow, key)
            return (row.channel, row.ts) if row is not None else None

    def rendered(self, key: str) -> str | None:
        with self._session(False) as session:
            row = session.get(SlackPostRow, key)
            return row.rendered_state if row is not None else None

    def mark_rendered(self, key: str, state: str) -> None:
        """Record what the message now shows; a refresh that shows the same state writes nothing
        (so a burst of votes does not queue for the write lock behind the ballots)."""
        if self.rendered(key) == state:
            return
        with self._session(True) as session:
            session.execute(
                update(SlackPostRow).where(SlackPostRow.key == key).values(rendered_state=state)
            )
            session.commit()

    def stale(self) -> list[str]:
        """Motion messages still showing ``open`` (or not rendered since posted) whose motion has
        closed."""
        with self._session(False) as session:
            rows = session.execute(
                select(SlackPostRow.key)
                .where(SlackPostRow.key.startswith(MOTION_PREFIX))
                .where(
                    (SlackPostRow.rendered_state == "open") | SlackPostRow.rendered_state.is_(None)
                )
            ).all()
            if not rows:
                return []
            ids = {int(key.removeprefix(MOTION_PREFIX)): key for (key,) in rows}
            closed = session.execute(
                select(MotionRow.id).where(MotionRow.id.in_(ids), MotionRow.state != "open")
            ).scalars()
            return [ids[motion_id] for motion_id in closed]
