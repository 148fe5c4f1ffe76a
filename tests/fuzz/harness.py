"""The fuzz harness: poolgov running over signed HTTP, and the checks made after every input.

After each request the harness waits until poolgov has finished what the request started (every
listener thread done, every message refresh sent) and then asserts, for that input:

- the HTTP answer is one of those allowed (200; 400 for a malformed envelope; 401 unsigned; 413
  for a body over the edge's limit, and for no other),
- the ack came within Slack's 3 seconds,
- no traceback was logged, in this process or in the ballot writer's child,
- the database is whole: the audit chain verifies and every table is what the chain says,
- nothing poolgov sent carries a mention, broadcast or link it did not build (the mrkdwn audit).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Unpack

import pytest
from hypothesis import HealthCheck, Phase, settings

from bot.sandbox import DriverResponse, FakeSlack, Message, SlackDriver
from bot.sandbox.driver import DEFAULT_CHANNEL, Delivery
from bot.signed_edge import MAX_BODY
from storage.audit.verify import Checked, verify_database
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, sweep_once
from tests.e2e.flows import open_motion
from tests.e2e.pool import GOVERNANCE, USERS
from tests.mrkdwn_audit import leaks

#: The fuzz pool's weekly meeting starts on Mondays at 10:00 Shanghai (02:00 UTC) from
#: 2027-01-04; its agenda closes two hours before, and the check-in grace is 15 minutes.
FIRST_MEETING = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
FINISH_STEPS = [
    timedelta(hours=-23),  # reminded
    timedelta(hours=-1),  # the agenda frozen and posted
    timedelta(minutes=30),  # started, checked in, quorum recorded
    timedelta(days=8),  # every motion's deadline passed
]
#: ``POOLGOV_FUZZ_SURVEY=file``: write every failing input to ``file`` instead of stopping at
#: the first, to list what fails.
SURVEY = os.environ.get("POOLGOV_FUZZ_SURVEY")
ACK_LIMIT = 3.0  # seconds: Slack shows the person an error after this
AUDIT_KEY = b"e2e-audit-key"
SUPERVISORS_CHANNEL = "G0SUPERVISE"
ASSEMBLY = "C0ASSEMBLY"
#: Channels poolgov may link: the charter's, and the one the driver's commands come from (a
#: one-off meeting added there is held there).
KNOWN_CHANNELS = frozenset({GOVERNANCE, SUPERVISORS_CHANNEL, ASSEMBLY, DEFAULT_CHANNEL})


class SizedDriver(SlackDriver):
    """The sandbox's driver, remembering how large the last body it sent was."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_size = 0

    def post(self, body: bytes, content_type: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        self.last_size = len(body)
        return super().post(body, content_type, **delivery)


def examples(default: int) -> int:
    """Examples per fuzz test: small in the suite, ``POOLGOV_FUZZ_EXAMPLES`` in ``make fuzz``."""
    return int(os.environ.get("POOLGOV_FUZZ_EXAMPLES", default))


class EdgeFailure(AssertionError):
    """A wrong status, a late ack or a traceback: the HTTP edge and parsing."""


class EscapeFailure(AssertionError):
    """Something poolgov sent holds a mention, broadcast or link it did not build."""


class RecordFailure(AssertionError):
    """The audit chain breaks, or a table is not what the chain says: something half written."""


class CountingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting what it still runs, so a test can wait for quiet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._running = 0
        self._quiet = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._quiet:
            self._running += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _: object) -> None:
        with self._quiet:
            self._running -= 1
            self._quiet.notify_all()

    def wait_quiet(self, timeout: float) -> bool:
        with self._quiet:
            return self._quiet.wait_for(lambda: self._running == 0, timeout)


class Tracebacks(logging.Handler):
    """Every record logged with a traceback (or one pasted into its message)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.stack_info or "Traceback" in record.getMessage():
            self.records.append(record)

    def take(self) -> list[str]:
        taken, self.records = self.records, []
        return [f"{r.name}: {r.getMessage()}\n{self.format(r)}" for r in taken]


@dataclass
class Fuzz:
    """One poolgov under fuzz, and the checks run after each input."""

    h: Harness
    executor: CountingExecutor
    tracebacks: Tracebacks
    capfd: pytest.CaptureFixture[str] | None = None
    seed: Message | None = None  # the motion this test opened
    seen: int = 0  # API calls already audited
    surveyed: int = 0  # failing inputs written to the survey file
    users: frozenset[str] = field(default_factory=lambda: frozenset(u.id for u in USERS))

    def begin(self, capfd: pytest.CaptureFixture[str]) -> None:
        """A test starts: earlier tests' calls and logs are theirs; a motion of its own opens."""
        self.capfd = capfd
        self.executor.wait_quiet(timeout=60)
        self.tracebacks.take()
        capfd.readouterr()
        self.surveyed = 0
        self.seen = len(self.fake.calls())
        title = f"Seed motion {len(self.fake.messages(GOVERNANCE)) + 1}"
        self.seed = open_motion(self.h, "general", {"title": title, "text": "Resolved."})

    @property
    def fake(self) -> FakeSlack:
        return self.h.fake

    @property
    def slack(self) -> SlackDriver:
        return self.h.slack

    def send(
        self,
        request: Callable[[], DriverResponse],
        allowed: frozenset[int],
        what: object,
        *,
        record: bool = True,
    ) -> DriverResponse:
        """Send one request and check everything the issue asks of its answer and its effects."""
        driver = self.slack
        if isinstance(driver, SizedDriver):
            driver.last_size = 0
        started = time.monotonic()
        answer = request()
        took = time.monotonic() - started
        problems: list[str] = []
        if isinstance(driver, SizedDriver) and driver.last_size > MAX_BODY:
            allowed = allowed | {413}  # the edge reads no more than Slack ever sends
        if answer.status not in allowed:
            problems.append(f"[edge] HTTP {answer.status} (allowed {sorted(allowed)})")
        if took > ACK_LIMIT:
            problems.append(f"[edge] ack took {took:.2f}s (limit {ACK_LIMIT}s)")
        problems += self.settle(record=record)
        if problems:
            body = answer.body[:400].decode("utf-8", "replace")
            report = f"input {_short(what)}\nanswer {answer.status} {body!r}\n" + "\n".join(
                problems
            )
            if SURVEY:  # record every failing input and carry on (see README)
                with open(SURVEY, "a", encoding="utf-8") as out:
                    out.write(report.replace("\n", "\n    ") + "\n")
                self.surveyed += 1
                return answer
            # one exception class per kind of failure, raised from a line of its own, so that
            # hypothesis reports a failing input of each kind rather than one for all
            first = problems[0]
            if first.startswith("[escape]"):
                raise EscapeFailure(report)
            if first.startswith("[record]"):
                raise RecordFailure(report)
            raise EdgeFailure(report)
        return answer

    def settle(self, *, record: bool = True) -> list[str]:
        """Wait for the request's work to end; what went wrong meanwhile."""
        problems: list[str] = []
        if not self.executor.wait_quiet(timeout=60):
            problems.append("[edge] a listener still runs after 60 s")
        if not self.h.bot.refresher.flush(timeout=60):
            problems.append("a message refresh still pending after 60 s")
        problems += [f"[edge] traceback logged: {t[:1500]}" for t in self.tracebacks.take()]
        err = self.capfd.readouterr().err if self.capfd is not None else ""
        if "Traceback" in err:
            problems.append(f"[edge] traceback on stderr: {err[-1500:]}")
        if record:
            problems += self.record_problems()
        problems += self.mrkdwn_problems()
        return problems

    def mrkdwn_problems(self) -> list[str]:
        calls = len(self.fake.calls())
        found = leaks(self.fake, self.users, KNOWN_CHANNELS, since=self.seen)
        self.seen = calls
        return [f"[escape] sent unescaped: {leak}" for leak in found[:5]]

    def record_problems(self) -> list[str]:
        """Half-written state: the chain breaks, or a table differs from what the chain says."""
        with self.h.bot.storage.reader() as uow:
            checked = verify_database(uow.session, AUDIT_KEY)
        if not isinstance(checked, Checked):
            return [f"[record] the audit chain breaks: {checked}"]
        return [f"[record] half written: {f}" for f in checked.findings[:5]]

    def finish(self) -> None:
        """Time runs on through the first meeting and past every motion's deadline, a sweep at
        each step, so what the fuzz left behind is rendered (agendas frozen and posted, meeting
        posts, results and their announcements) and audited too."""
        clock = self.h.bot.runtime.clock
        assert isinstance(clock, HandClock)
        start = next_meeting(clock())
        for instant in (start + step for step in FINISH_STEPS):
            clock.set(instant)
            sweep_once(self.h)
            self.executor.wait_quiet(timeout=60)
        problems = self.settle()
        # what the time run renders may come from any earlier input on this shared pool
        assert not problems, "rendered at the end of the test:\n" + "\n".join(problems)
        assert not self.surveyed, f"{self.surveyed} failing inputs written to {SURVEY}"


def next_meeting(now: datetime) -> datetime:
    """The start of the first weekly meeting whose agenda is still open at ``now``."""
    start = FIRST_MEETING
    while start - timedelta(hours=3) < now:
        start += timedelta(weeks=1)
    return start


def running_fuzz(h: Harness, executor: CountingExecutor) -> Iterator[Fuzz]:
    handler = Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        fuzz = Fuzz(h, executor, handler)
        yield fuzz
    finally:
        root.removeHandler(handler)


def _short(what: object) -> str:
    text = repr(what)
    return text if len(text) <= 600 else text[:600] + f"… ({len(text)} characters)"


def fuzz_settings(default: int) -> settings:
    """Hypothesis settings: ``default`` examples, the same ones each run, unless ``make fuzz``
    asks for more (``POOLGOV_FUZZ_EXAMPLES``), which draws fresh ones every run."""
    full = "POOLGOV_FUZZ_EXAMPLES" in os.environ
    return settings(
        max_examples=examples(default),
        deadline=None,
        derandomize=not full,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink]
        if full
        else [Phase.explicit, Phase.generate],
    )
