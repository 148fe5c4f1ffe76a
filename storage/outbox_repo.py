"""The notice outbox in SQL: implements :class:`governance.notices.NoticeOutbox`.

A lease is a compare-and-set: the row is read, then updated only if its lease token is still the
one read (``IS NOT DISTINCT FROM``), so of two senders racing for one notice exactly one gets it,
on SQLite (writes serialised) and on PostgreSQL (the second ``UPDATE`` waits for the first and
then finds the token changed). Marking sent does not ask for the lease: a message Slack has is
sent, whoever posted it. It also records where the message is (``slack_posts``, under the
notice's ``post_key``) in the same transaction, so a message marked sent can always be edited.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from governance.notices import NoticeState, OutboxNotice
from storage.codec import dumps, loads
from storage.dialect import affected, insert_if_absent
from storage.tables_outbox import NoticeRow
from storage.tables_slack import SlackPostRow

PENDING, SENT, DROPPED = (s.value for s in NoticeState)


class SqlNoticeOutbox:
    def __init__(self, session: Session) -> None:
        self._session = session

    def enqueue(
        self,
        key: str,
        channel: str | None,
        now: datetime,
        *,
        content: Mapping[str, Any] | None = None,
        post_key: str | None = None,
        after: str | None = None,
    ) -> bool:
        if channel is None:
            if after is None:
                raise ValueError(f"notice {key} needs a channel or a notice to follow")
            channel = self._session.execute(
                select(NoticeRow.channel).where(NoticeRow.key == after)
            ).scalar_one_or_none()
            if channel is None:
                return False
        values = {
            "key": key,
            "channel": channel,
            "state": PENDING,
            "enqueued_at": now,
            "after_key": after,
            "content": dumps(dict(content)) if content is not None else None,
            "post_key": post_key,
            "attempts": 0,
        }
        return insert_if_absent(self._session, NoticeRow, values, ["key"])

    def enqueue_all(
        self, notices: Collection[tuple[str, str, Mapping[str, Any]]], now: datetime
    ) -> set[str]:
        return {
            key
            for key, channel, content in notices
            if self.enqueue(key, channel, now, content=content)
        }

    def get(self, key: str) -> OutboxNotice | None:
        row = self._row(key)
        return _notice(row) if row is not None else None

    def keys(self, prefix: str) -> set[str]:
        query = select(NoticeRow.key).where(NoticeRow.key.startswith(prefix, autoescape=True))
        return set(self._session.execute(query).scalars())

    def lease(self, key: str, now: datetime, until: datetime, token: str) -> OutboxNotice | None:
        row = self._row(key)
        if row is None or row.state != PENDING:
            return None
        if row.leased_until is not None and row.leased_until > now:
            return None
        if row.after_key is not None and not self._sent(row.after_key):
            return None
        notice = _notice(row)  # as read: the update below refreshes ``row``
        reclaimed = row.lease_token is not None
        first = row.first_leased_at or now
        hit = affected(
            self._session.execute(
                update(NoticeRow)
                .where(
                    NoticeRow.key == key,
                    NoticeRow.state == PENDING,
                    NoticeRow.lease_token.is_not_distinct_from(row.lease_token),
                )
                .values(
                    lease_token=token,
                    leased_until=until,
                    first_leased_at=first,
                    attempts=NoticeRow.attempts + 1,
                )
                .returning(NoticeRow.key)
            )
        )
        if not hit:
            return None
        return OutboxNotice(
            **{
                **notice.__dict__,
                "lease_token": token,
                "leased_until": until,
                "first_leased_at": first,
                "attempts": notice.attempts + 1,
                "reclaimed": reclaimed,
            }
        )

    def mark_sent(self, key: str, channel: str, ts: str, now: datetime) -> bool:
        post_key = self._session.execute(
            select(NoticeRow.post_key).where(NoticeRow.key == key)
        ).scalar_one_or_none()
        if post_key is not None:
            self._remember_post(post_key, channel, ts)
        statement = (
            update(NoticeRow)
            .where(NoticeRow.key == key, NoticeRow.state != SENT)
            .values(
                state=SENT,
                sent_at=now,
                sent_channel=channel,
                sent_ts=ts,
                lease_token=None,
                leased_until=None,
                last_error=None,
            )
            .returning(NoticeRow.key)
        )
        return bool(affected(self._session.execute(statement)))

    def _remember_post(self, post_key: str, channel: str, ts: str) -> None:
        """Where the message is, for later edits, in the transaction that marks it sent."""
        dialect = self._session.connection().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(SlackPostRow).values(key=post_key, channel=channel, ts=ts)
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[SlackPostRow.key],
                set_={"channel": channel, "ts": ts, "rendered_state": None},
            )
        )

    def release(self, key: str, token: str, error: str, *, certain: bool) -> None:
        values: dict[str, Any] = {"leased_until": None, "last_error": error[:64]}
        if certain:
            values["lease_token"] = None
        self._session.execute(
            update(NoticeRow)
            .where(NoticeRow.key == key, NoticeRow.state == PENDING, NoticeRow.lease_token == token)
            .values(**values)
        )

    def drop(self, key: str, reason: str) -> bool:
        statement = (
            update(NoticeRow)
            .where(NoticeRow.key == key, NoticeRow.state == PENDING)
            .values(state=DROPPED, last_error=reason[:64], leased_until=None)
            .returning(NoticeRow.key)
        )
        return bool(affected(self._session.execute(statement)))

    def due(self, now: datetime, limit: int, enqueued_before: datetime) -> list[str]:
        before = aliased(NoticeRow)
        waiting = (
            select(before.key)
            .where(before.key == NoticeRow.after_key, before.state != SENT)
            .exists()
        )
        query = (
            select(NoticeRow.key)
            .where(
                NoticeRow.state == PENDING,
                NoticeRow.enqueued_at < enqueued_before,
                or_(NoticeRow.leased_until.is_(None), NoticeRow.leased_until <= now),
                or_(NoticeRow.after_key.is_(None), and_(~waiting)),
            )
            .order_by(NoticeRow.enqueued_at, NoticeRow.key)
            .limit(limit)
        )
        return list(self._session.execute(query).scalars())

    def _row(self, key: str) -> NoticeRow | None:
        query = select(NoticeRow).where(NoticeRow.key == key)
        return self._session.scalars(query.execution_options(populate_existing=True)).first()

    def _sent(self, key: str) -> bool:
        state = self._session.execute(
            select(NoticeRow.state).where(NoticeRow.key == key)
        ).scalar_one_or_none()
        return state == SENT


def _notice(row: NoticeRow) -> OutboxNotice:
    return OutboxNotice(
        key=row.key,
        channel=row.channel,
        state=NoticeState(row.state),
        enqueued_at=row.enqueued_at,
        content=loads(row.content) if row.content else None,
        post_key=row.post_key,
        after=row.after_key,
        lease_token=row.lease_token,
        leased_until=row.leased_until,
        first_leased_at=row.first_leased_at,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
        sent_channel=row.sent_channel,
        sent_ts=row.sent_ts,
    )
