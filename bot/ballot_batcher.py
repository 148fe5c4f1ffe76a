"""Group commit for ballots: clicks queue here and one writer records them in batches.

Every ballot takes the audit chain's head (a lock every writer waits for), and on SQLite the
database's one write lock, so ballots are recorded one transaction after another whatever the
number of threads. Under a burst, a transaction per ballot spends much of its time beginning and
committing; here one writer thread takes whatever has queued (up to ``max_batch``) and records it
with :func:`~governance.services.ballots.cast_ballots`: one transaction and one commit for the
whole batch. Batches form by themselves: a lone click is recorded at once, and clicks
that arrive while a batch is being written go into the next one.

Each ballot's answer is handed back through its ``then`` callback on the writer thread, so
``then`` must only pass it on (:class:`PendingBallot` does: the clicker's own thread waits on it
and sends the receipt), never talk to Slack itself.

If a batch fails as a whole (a fault, or a lost race that its retries did not settle), nothing in
it was recorded; each of its ballots is then cast alone, so one bad ballot cannot sink the others
and each person gets their own answer.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from governance.commands import CastBallot
from governance.events import BallotRecorded
from governance.services.ballots import BallotOutcome

log = logging.getLogger(__name__)

BallotAnswer = list[BallotRecorded] | Exception
"""What a queued ballot came to: its events, a refusal, or the fault that recorded nothing."""

RecordBatch = Callable[[Sequence[CastBallot]], list[BallotOutcome]]
RecordOne = Callable[[CastBallot], list[BallotRecorded]]
Then = Callable[[BallotAnswer], None]


@dataclass(frozen=True)
class _Queued:
    command: CastBallot
    then: Then


class BatcherStopped(Exception):
    def __str__(self) -> str:
        return "poolgov is shutting down and takes no more ballots."


class PendingBallot:
    """A queued ballot's answer, for the thread that queued it: ``settle`` is the ``then``."""

    def __init__(self) -> None:
        self._settled = threading.Event()
        self._answer: BallotAnswer | None = None

    def settle(self, answer: BallotAnswer) -> None:
        self._answer = answer
        self._settled.set()

    def wait(self, timeout: float) -> BallotAnswer | None:
        """The answer, or None if it has not come within ``timeout`` seconds."""
        return self._answer if self._settled.wait(timeout) else None


class BallotBatcher:
    """``submit(command, then)``: ``then(answer)`` is later called on the writer thread."""

    def __init__(
        self, record_batch: RecordBatch, record_one: RecordOne, *, max_batch: int = 32
    ) -> None:
        self._record_batch = record_batch
        self._record_one = record_one
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._stopped = False
        self._writer = threading.Thread(target=self._write, name="poolgov-ballot-writer")
        self._writer.daemon = True
        self._writer.start()

    def submit(self, command: CastBallot, then: Then) -> None:
        with self._lock:
            if self._stopped:
                raise BatcherStopped()
            self._queue.put(_Queued(command, then))

    def stop(self, timeout: float | None = None) -> None:
        """Record what is queued, deliver every answer, then stop; later submits are refused."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            self._queue.put(None)
        self._writer.join(timeout)

    def _write(self) -> None:
        while True:
            batch, last = self._take()
            try:
                if batch:
                    self._record(batch)
            except Exception:  # keep the writer alive for the ballots still to come
                log.exception("the ballot writer failed on a batch of %d", len(batch))
            if last:
                return

    def _take(self) -> tuple[list[_Queued], bool]:
        """Wait for one ballot, then take whatever else has queued, up to ``max_batch``."""
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        while len(batch) < self._max_batch:
            try:
                queued = self._queue.get_nowait()
            except queue.Empty:
                break
            if queued is None:
                return batch, True
            batch.append(queued)
        return batch, False

    def _record(self, batch: list[_Queued]) -> None:
        commands = [q.command for q in batch]
        try:
            answers = self._together(commands)
        except Exception as error:
            # Safe even if the batch did commit: each request key then answers as a replay.
            log.warning(
                "a batch of %d ballots failed (%s); casting each alone",
                len(batch),
                type(error).__name__,
            )
            answers = [self._alone(command) for command in commands]
        for queued, answer in zip(batch, answers, strict=True):
            _answer(queued.then, answer)

    def _together(self, commands: list[CastBallot]) -> list[BallotAnswer]:
        answers: list[BallotAnswer] = list(self._record_batch(commands))
        if len(answers) != len(commands):
            raise RuntimeError(f"{len(answers)} answers for {len(commands)} ballots")
        return answers

    def _alone(self, command: CastBallot) -> BallotAnswer:
        try:
            return self._record_one(command)
        except Exception as error:  # GovernanceError or a fault: either is this ballot's answer
            return error


def _answer(then: Then, answer: BallotAnswer) -> None:
    try:
        then(answer)
    except Exception:  # `then` only hands the answer on; this is a last resort
        log.exception("a ballot answer could not be delivered")


def raise_or_events(answer: BallotAnswer) -> list[BallotRecorded]:
    """The events of a recorded ballot; a refusal or fault is raised again for the caller."""
    if isinstance(answer, Exception):
        raise answer
    return answer
