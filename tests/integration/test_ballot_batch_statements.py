"""A batch of ballots costs a fixed handful of statements, whatever its size: on PostgreSQL each
one is a round trip, and the burst's receipt time is mostly those round trips.

On PostgreSQL a batch is BEGIN (psycopg's own, unseen here), three reads (the chain's head is
locked and read with the casters), one statement that writes its ballots, request answers, chain
entries and chain head together (storage.deferred), and the commit: 6 round trips, where it was
10 with the head read alone and the four writes sent one by one. SQLite sends the writes one by
one still (no ``INSERT`` within ``WITH``; each is a call within the process)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.bootstrap import Storage
from governance.charter import MotionKind
from governance.commands import CastBallot, InitialisePool
from governance.events import BallotRecorded
from governance.services import cast_ballots
from governance.services.pool import initialise_pool
from governance.services.queries import get_motion
from governance.tally import Choice
from storage.audit.chain import Verified, verify
from storage.audit.log import read_entries
from tests.integration.charters import charter_text, member_ids, representative
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import open_kind

MEMBERS = 30
LATER = NOW + timedelta(hours=1)
#: What a batch writes: one statement on PostgreSQL; on SQLite ballots, answers, entries, head.
WRITES = {"postgresql": 1, "sqlite": 4}


@contextmanager
def statements(pool: Storage) -> Iterator[list[str]]:
    seen: list[str] = []

    def log(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()[:4]))

    event.listen(pool.engine, "before_cursor_execute", log)
    try:
        yield seen
    finally:
        event.remove(pool.engine, "before_cursor_execute", log)


def batch(motion: str, members: list[str], choice: Choice, tag: str) -> list[CastBallot]:
    return [CastBallot(motion, m, representative(m), choice, f"{tag}-{m}") for m in members]


def test_a_batch_reads_its_motion_its_answers_and_its_casters_once_each(runtime: Storage) -> None:
    initialise_pool(
        InitialisePool(charter_text(MEMBERS)), runtime.uow(), NOW, runtime.parse_charter
    )
    motion = open_kind(runtime, MotionKind.GENERAL, NOW).motion_id
    ids = member_ids(MEMBERS)
    cast_ballots(batch(motion, ids[:2], Choice.YES, "warm"), runtime.uow(), LATER)

    commands = batch(motion, ids[2:14], Choice.NO, "a")
    commands += commands[:3]  # re-deliveries, answered from the kept answers
    commands += batch(motion, ids[:1], Choice.NO, "b")  # acme already voted: refused or changed
    with statements(runtime) as seen:
        outcomes = cast_ballots(commands, runtime.uow(), LATER)

    reads = [s for s in seen if s.startswith("SELECT")]
    assert len(reads) == 3, reads  # the motion, the kept answers, the casters with the chain head
    assert not any("count(*)" in s for s in reads)
    writes = [s for s in seen if not s.startswith(("SELECT", "BEGIN"))]
    assert len(writes) == WRITES[runtime.engine.dialect.name], seen
    recorded = [o[0] for o in outcomes if isinstance(o, list)]
    assert all(isinstance(o, BallotRecorded) for o in recorded)
    assert {o.member_id for o in recorded[:15]} == set(ids[2:14])
    choices = get_motion(runtime.reader(), motion).choices
    assert {m: choices[m] for m in ids[2:14]} == dict.fromkeys(ids[2:14], Choice.NO)
    assert len(choices) == 14


def test_a_batch_writes_everything_with_its_commit_in_one_statement_on_postgresql(
    runtime: Storage,
) -> None:
    initialise_pool(
        InitialisePool(charter_text(MEMBERS)), runtime.uow(), NOW, runtime.parse_charter
    )
    motion = open_kind(runtime, MotionKind.GENERAL, NOW).motion_id
    ids = member_ids(MEMBERS)
    cast_ballots(batch(motion, ids[:2], Choice.YES, "warm"), runtime.uow(), LATER)
    dialect = runtime.engine.dialect.name

    for size, tag in ((1, "one"), (9, "nine"), (16, "sixteen")):
        start = 2 if tag == "one" else 3 if tag == "nine" else 12
        commands = batch(motion, ids[start : start + size], Choice.NO, tag)
        with statements(runtime) as seen:
            outcomes = cast_ballots(commands, runtime.uow(), LATER)
        assert all(isinstance(o, list) for o in outcomes)
        writes = [s for s in seen if not s.startswith(("SELECT", "BEGIN"))]
        assert len(writes) == WRITES[dialect], (size, seen)
        assert len(seen) == 3 + WRITES[dialect] + (dialect == "sqlite"), (size, seen)

    choices = get_motion(runtime.reader(), motion).choices
    assert len(choices) == 2 + 1 + 9 + 16
    assert {m: choices[m] for m in ids[12:28]} == dict.fromkeys(ids[12:28], Choice.NO)
    with runtime.reader() as uow:  # the chain's entries and its head, written together
        checked = verify(read_entries(uow.session), AUDIT_KEY)
        assert isinstance(checked, Verified), checked
        assert checked.head == uow.audit.head().entry_hash
