"""Writes held back until the commit, and on PostgreSQL sent with it as one statement.

Once a ballot batch has decided its ballots it writes four things: the new ballots, the answers
kept for their request keys, the audit chain's entries and the chain's head row. Nothing in the
transaction reads any of them back, and on PostgreSQL every statement is a round trip that the
batch's receipts wait for. So each is held here (:func:`defer`, and the audit log's ``deferred``
appends) and :func:`write_deferred` writes them all just before the commit: on PostgreSQL in one
statement, its inserts and the head's update as data-modifying ``WITH`` queries (each insert's
rows sent as one array per column, so the text is the same for any batch size and psycopg
prepares it); on SQLite, which has no ``INSERT`` within ``WITH`` and whose statements are calls
within the process, one statement each, in the same order.

A held insert is ``INSERT … ON CONFLICT DO NOTHING``: one that comes short (a ballot or a
request key that another transaction recorded meanwhile) is a lost race, and raises
:class:`~governance.ports.ConcurrentWrite` from the commit, as it would have when written at
once, so the unit of work rolls back and the service runs again.

The parts of one statement all see the same snapshot and none of them reads another's rows: the
inserts go to different tables, and the head row is only written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from governance.ports import ConcurrentWrite
from storage.dialect import InsertIfAbsent, array_of
from storage.tables import AuditEntryRow, AuditHeadRow

#: ``Session.info`` key: the inserts held in the session's transaction.
HELD = "poolgov_deferred"
HEAD_ID = 1
#: The audit entry's columns, in the order they are sent.
ENTRY_COLUMNS = ("seq", "scheme", "prev_hash", "entry_hash", "body", "motion_id")

_ADD_ENTRIES = insert(AuditEntryRow)
_MOVE_HEAD = update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID)


@dataclass
class _Held:
    """One table's held rows: the insert that writes them and what a short count means."""

    insert: InsertIfAbsent
    lost: str
    rows: list[Mapping[str, Any]] = field(default_factory=list)


def defer(
    session: Session,
    name: str,
    insert: InsertIfAbsent,
    rows: Sequence[Mapping[str, Any]],
    lost: str,
) -> None:
    """Hold ``rows`` for ``insert`` until the commit; ``lost`` is the lost race's message.

    ``name`` (letters and underscores) names the insert in the statement; rows held under one
    name must have the same columns."""
    if not rows:
        return
    held: dict[str, _Held] = session.info.setdefault(HELD, {})
    held.setdefault(name, _Held(insert, lost)).rows.extend(rows)


def write_deferred(
    session: Session, entries: Sequence[Mapping[str, Any]], head: Mapping[str, Any] | None
) -> None:
    """Write what :func:`defer` held, then the audit ``entries`` and the ``head`` row's new
    ``seq`` and ``entry_hash`` (each may be empty or None); see the module docstring."""
    held: dict[str, _Held] = session.info.pop(HELD, {})
    if not (held or entries or head):
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for part in held.values():
            if not part.insert.all(session, part.rows):
                raise ConcurrentWrite(part.lost)
        if entries:
            connection.execute(_ADD_ENTRIES, list(entries))
        if head is not None:
            connection.execute(_MOVE_HEAD, dict(head))
        return
    shape = tuple((name, tuple(part.rows[0])) for name, part in held.items())
    statement = _together(shape, held, bool(entries), head is not None)
    params: dict[str, Any] = {}
    for name, part in held.items():
        for column in part.rows[0]:
            params[f"{name}_{column}__all"] = [row[column] for row in part.rows]
    for column in ENTRY_COLUMNS if entries else ():
        params[f"entries_{column}__all"] = [entry[column] for entry in entries]
    if head is not None:
        params["head_seq"], params["head_entry_hash"] = head["seq"], head["entry_hash"]
    result = connection.execute(statement, params)
    if not held:
        return
    counts = result.one()
    for part, count in zip(held.values(), counts, strict=True):
        if count != len(part.rows):
            raise ConcurrentWrite(part.lost)


_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _together(
    shape: tuple[tuple[str, tuple[str, ...]], ...],
    held: Mapping[str, _Held],
    entries: bool,
    head: bool,
) -> Any:
    """The one statement for this shape of batch, built once (a few shapes occur at all)."""
    key = (shape, entries, head)
    statement = _STATEMENTS.get(key)
    if statement is not None:
        return statement
    ctes: list[Any] = []
    added: Any = None
    if entries:
        table = AuditEntryRow.__table__
        arrays = [
            func.unnest(bindparam(f"entries_{c}__all", type_=array_of(table.c[c])))
            for c in ENTRY_COLUMNS
        ]
        added = postgresql.insert(AuditEntryRow).from_select(list(ENTRY_COLUMNS), select(*arrays))
        ctes.append(added.cte("entries"))
    move = _MOVE_HEAD.values(seq=bindparam("head_seq"), entry_hash=bindparam("head_entry_hash"))
    if held:
        inserted = [
            held[name].insert.unnested(columns, prefix=f"{name}_").cte(name)
            for name, columns in shape
        ]
        counts = [select(func.count()).select_from(cte).scalar_subquery() for cte in inserted]
        if head:
            ctes.append(move.cte("head"))
        statement = select(*counts).add_cte(*ctes) if ctes else select(*counts)
    elif head:  # nothing held: the head row's update is the statement
        statement = move.add_cte(*ctes) if ctes else move
    else:
        statement = added
    _STATEMENTS[key] = statement
    return statement
