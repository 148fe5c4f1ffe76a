"""Many hands at once: every ballot counted exactly once, and only the first closer closes."""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from bot.bootstrap import build
from governance.charter import MotionKind
from governance.commands import CastBallot, InitialisePool
from governance.errors import GovernanceError
from governance.events import BallotRecorded, FeeScheduleChanged, MotionClosed
from governance.ports import ConcurrentWrite
from governance.services import cast_ballot, cast_ballots, initialise_pool
from governance.services.queries import fee_schedule, get_motion
from governance.services.results import tally_json
from governance.tally import Choice, count
from migrations.runner import upgrade
from storage.audit.verify import verify_database
from storage.engines import writer_lock
from storage.tables import AuditEntryRow, BallotRow
from tests.integration.charters import charter_text, member_ids, representative
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import WEEK, close, open_kind, record_is_clean, vote

MEMBERS = 50
REPEATS = 3
THREADS = 32


def each_key_recorded_once_and_answered_alike(
    commands: list[CastBallot], answers: list[BallotRecorded]
) -> None:
    """Every request key: one delivery recorded, the others replays with the same answer."""
    by_key: dict[str, list[BallotRecorded]] = defaultdict(list)
    for command, answer in zip(commands, answers, strict=True):
        by_key[command.idempotency_key].append(answer)
    for key, replies in by_key.items():
        assert sum(not r.replayed for r in replies) == 1, key
        assert len({(r.receipt, r.choice, r.effect, r.cast_by) for r in replies}) == 1, key


def ballots_for(motion_id: str, members: list[str]) -> list[CastBallot]:
    """Per member: one request key from each of two representatives, each sent three times."""
    commands = []
    for index, member in enumerate(members):
        first = Choice.YES if index % 3 else Choice.ABSTAIN
        for _ in range(REPEATS):
            commands.append(
                CastBallot(motion_id, member, representative(member, 1), first, f"{member}-a")
            )
            commands.append(
                CastBallot(motion_id, member, representative(member, 2), Choice.NO, f"{member}-b")
            )
    random.Random(7).shuffle(commands)
    return commands


def test_threads_casting_for_the_same_members_leave_exactly_one_counted_ballot_each(runtime):
    initialise_pool(
        InitialisePool(charter_text(MEMBERS)), runtime.uow(), NOW, runtime.parse_charter
    )
    motion = open_kind(runtime, MotionKind.FEE_CHANGE, NOW).motion_id
    members = member_ids(MEMBERS)
    start = threading.Barrier(THREADS)

    def cast(command: CastBallot) -> BallotRecorded:
        if threading.current_thread().name not in started:
            started.add(threading.current_thread().name)
            start.wait(timeout=30)
        (recorded,) = cast_ballot(command, runtime.uow(), NOW)
        return recorded

    started: set[str] = set()
    commands = ballots_for(motion, members)
    with ThreadPoolExecutor(THREADS) as workers:
        answers = list(workers.map(cast, commands))

    each_key_recorded_once_and_answered_alike(commands, answers)

    with runtime.reader() as uow:
        rows = Counter(uow.session.scalars(select(BallotRow.member_id)))
        counted = Counter(
            uow.session.scalars(
                select(BallotRow.member_id).where(BallotRow.superseded_at.is_(None))
            )
        )
        ballot_entries = uow.session.scalar(
            select(func.count()).where(AuditEntryRow.body.like('{"at":%"kind":"ballot_%'))
        )
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))
    assert counted == dict.fromkeys(members, 1)
    assert rows == dict.fromkeys(members, 2)  # the second key always changes the vote
    assert ballot_entries == 2 * MEMBERS

    closed = close(runtime, motion, NOW + WEEK)[0]
    assert isinstance(closed, MotionClosed)
    view = get_motion(runtime.reader(), motion)
    recount = count(view.motion.electorate, view.choices, view.motion.rules)
    assert view.result == recount == closed.tally
    assert tally_json(MotionKind.FEE_CHANGE, recount) == tally_json(
        MotionKind.FEE_CHANGE, closed.tally
    )


BATCH = 7


def test_batches_and_single_ballots_racing_leave_exactly_one_counted_ballot_each(runtime):
    """Writers on several replicas: batches (as the ballot batcher sends them) and lone ballots."""
    initialise_pool(
        InitialisePool(charter_text(MEMBERS)), runtime.uow(), NOW, runtime.parse_charter
    )
    motion = open_kind(runtime, MotionKind.FEE_CHANGE, NOW).motion_id
    members = member_ids(MEMBERS)
    commands = ballots_for(motion, members)
    chunks = [commands[i : i + BATCH] for i in range(0, len(commands), BATCH)]

    def alone(chunk: list[CastBallot]) -> list[BallotRecorded]:
        return [cast_ballot(command, runtime.uow(), NOW)[0] for command in chunk]

    def cast(numbered: tuple[int, list[CastBallot]]) -> list[BallotRecorded]:
        number, chunk = numbered
        if number % 2:
            return alone(chunk)
        try:
            outcomes = cast_ballots(chunk, runtime.uow(), NOW)
        except ConcurrentWrite:  # as the batcher does: nothing was recorded, so cast each alone
            return alone(chunk)
        events: list[BallotRecorded] = []
        for outcome in outcomes:
            assert not isinstance(outcome, GovernanceError), outcome
            events.extend(outcome)
        return events

    with ThreadPoolExecutor(8) as workers:
        answers = [event for events in workers.map(cast, enumerate(chunks)) for event in events]

    each_key_recorded_once_and_answered_alike(commands, answers)
    with runtime.reader() as uow:
        counted = Counter(
            uow.session.scalars(
                select(BallotRow.member_id).where(BallotRow.superseded_at.is_(None))
            )
        )
        rows = Counter(uow.session.scalars(select(BallotRow.member_id)))
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))
    assert counted == dict.fromkeys(members, 1)
    assert rows == dict.fromkeys(members, 2)


def test_two_closers_racing_produce_one_close_and_one_result(pool):
    for round_ in range(4):
        motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
        for member in member_ids(4):
            vote(pool, motion, member, Choice.YES, NOW)
        start = threading.Barrier(2)

        def closer(_: int, motion: str = motion, start: threading.Barrier = start) -> list[object]:
            start.wait(timeout=30)
            return list(close(pool, motion, NOW + WEEK))

        with ThreadPoolExecutor(2) as workers:
            outcomes = list(workers.map(closer, range(2)))

        winners = [events for events in outcomes if events]
        assert len(winners) == 1, f"round {round_}: {outcomes}"
        assert [type(e) for e in winners[0]] == [MotionClosed, FeeScheduleChanged]
        with pool.reader() as uow:
            closes = uow.session.scalar(
                select(func.count()).where(
                    AuditEntryRow.motion_id == int(motion),
                    AuditEntryRow.body.like('%"kind":"motion_closed"%'),
                )
            )
        assert closes == 1
    assert len(fee_schedule(pool.reader())) == 4


def test_sqlite_writers_in_one_process_queue_on_a_lock_and_readers_do_not(tmp_path):
    """The second writer waits on the process's lock (woken at once), not in SQLite's busy loop."""
    url = f"sqlite:///{tmp_path / 'poolgov.db'}"
    upgrade(url)
    with build(url, audit_key=AUDIT_KEY) as storage:
        lock = writer_lock(storage.engine)
        assert lock is not None
        with build(url, audit_key=AUDIT_KEY) as other:
            assert writer_lock(other.engine) is lock  # one per file, whichever engine opens it
        order: list[str] = []
        second_waiting = threading.Event()

        def second_writer() -> None:
            second_waiting.set()
            with storage.uow() as uow:
                order.append("second in")
                uow.requests.record_all([("second", {})], NOW)
                uow.commit()

        with storage.uow() as first:
            first.requests.record_all([("first", {})], NOW)
            assert lock.locked()
            thread = threading.Thread(target=second_writer)
            thread.start()
            assert second_waiting.wait(5)
            thread.join(0.3)
            assert thread.is_alive()  # queued behind the first writer
            assert order == []
            with storage.reader() as reader:  # a reader is not held up
                assert reader.requests.results(["first"]) == {}
            order.append("first out")
            first.commit()
        thread.join(5)
        assert order == ["first out", "second in"]
        assert not lock.locked()
