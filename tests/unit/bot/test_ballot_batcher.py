"""The ballot batcher: queued ballots go in batches, every one is answered, a failed batch falls
back to one at a time, and stopping answers what was queued."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from bot.ballot_batcher import BallotAnswer, BallotBatcher, BatcherStopped, raise_or_events
from governance.commands import CastBallot
from governance.errors import NotAuthorised
from governance.events import BallotRecorded
from governance.motion import BallotEffect
from governance.services.ballots import BallotOutcome
from governance.tally import Choice

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def command(key: str) -> CastBallot:
    return CastBallot("1", "acme", "U0ACME1", Choice.YES, key)


def event_for(c: CastBallot) -> BallotRecorded:
    return BallotRecorded(
        "1",
        c.member_id or "acme",
        c.choice,
        BallotEffect.RECORDED,
        c.idempotency_key,
        c.actor,
        NOW,
        False,
    )


class Answers:
    """Collects answers by request key; ``wait`` returns once ``count`` have come."""

    def __init__(self) -> None:
        self.by_key: dict[str, BallotAnswer] = {}
        self.threads: set[str] = set()
        self._done = threading.Condition()

    def then(self, key: str) -> Callable[[BallotAnswer], None]:
        def receive(answer: BallotAnswer) -> None:
            with self._done:
                self.by_key[key] = answer
                self.threads.add(threading.current_thread().name)
                self._done.notify_all()

        return receive

    def wait(self, count: int) -> None:
        with self._done:
            assert self._done.wait_for(lambda: len(self.by_key) >= count, timeout=60)


class Recorder:
    """A stand-in for ``cast_ballots``: records batch sizes; ``hold`` blocks the first batch."""

    def __init__(self, refuse: str = "", fail_batches: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.alone: list[str] = []
        self.hold = threading.Event()
        self.hold.set()
        self.started = threading.Event()
        self.refuse = refuse
        self.fail_batches = fail_batches

    def batch(self, commands: Sequence[CastBallot]) -> list[BallotOutcome]:
        self.started.set()
        assert self.hold.wait(5)
        self.batches.append([c.idempotency_key for c in commands])
        if self.fail_batches:
            raise RuntimeError("the database went away")
        return [self._outcome(c) for c in commands]

    def one(self, c: CastBallot) -> list[BallotRecorded]:
        self.alone.append(c.idempotency_key)
        outcome = self._outcome(c)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _outcome(self, c: CastBallot) -> BallotOutcome:
        if c.idempotency_key == self.refuse:
            return NotAuthorised("vote for acme", "representatives of acme")
        return [event_for(c)]


def test_ballots_queued_while_a_batch_is_written_go_together_in_the_next_one() -> None:
    recorder, answers = Recorder(), Answers()
    recorder.hold.clear()
    batcher = BallotBatcher(recorder.batch, recorder.one, max_batch=4)
    try:
        batcher.submit(command("k0"), answers.then("k0"))
        assert recorder.started.wait(5)
        for n in range(1, 7):
            batcher.submit(command(f"k{n}"), answers.then(f"k{n}"))
        recorder.hold.set()
        answers.wait(7)
    finally:
        batcher.stop()
    assert recorder.batches == [["k0"], ["k1", "k2", "k3", "k4"], ["k5", "k6"]]
    assert all(not isinstance(a, Exception) for a in answers.by_key.values())
    assert answers.threads == {"poolgov-ballot-writer"}


def three_queued_together(recorder: Recorder) -> Answers:
    """k0, k1 and k2 queued while the writer is held, so they reach it as one batch."""
    answers = Answers()
    recorder.hold.clear()
    batcher = BallotBatcher(recorder.batch, recorder.one)
    try:
        for n in range(3):
            batcher.submit(command(f"k{n}"), answers.then(f"k{n}"))
        recorder.hold.set()
        answers.wait(3)
    finally:
        batcher.stop()
    return answers


def test_a_refusal_in_a_batch_is_that_ballots_answer_only() -> None:
    recorder = Recorder(refuse="k1")
    answers = three_queued_together(recorder)
    assert isinstance(answers.by_key["k1"], NotAuthorised)
    assert [e.receipt for e in raise_or_events(answers.by_key["k0"])] == ["k0"]
    assert recorder.alone == []


def test_a_failed_batch_is_cast_one_ballot_at_a_time() -> None:
    recorder = Recorder(refuse="k2", fail_batches=True)
    answers = three_queued_together(recorder)
    assert sorted(recorder.alone) == ["k0", "k1", "k2"]
    assert isinstance(answers.by_key["k2"], NotAuthorised)
    with pytest.raises(NotAuthorised):
        raise_or_events(answers.by_key["k2"])
    assert [e.receipt for e in raise_or_events(answers.by_key["k1"])] == ["k1"]


def test_stopping_records_and_answers_what_was_queued_then_refuses_more() -> None:
    recorder, answers = Recorder(), Answers()
    recorder.hold.clear()
    batcher = BallotBatcher(recorder.batch, recorder.one, max_batch=2)
    for n in range(5):
        batcher.submit(command(f"k{n}"), answers.then(f"k{n}"))
    assert recorder.started.wait(5)
    recorder.hold.set()

    batcher.stop()

    assert sorted(answers.by_key) == [f"k{n}" for n in range(5)]
    with pytest.raises(BatcherStopped):
        batcher.submit(command("late"), answers.then("late"))
