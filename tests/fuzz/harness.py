"""The fuzz harness: poolgov running over signed HTTP, and the checks made after every input.

After each request the harness waits until poolgov has finished what the request started (every
listener thread done, every message refresh sent) and then asserts, for that input:

- the HTTP answer is one of those allowed (200; 400 for a malformed envelope; 401 unsigned),
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
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from bot.sandbox import DriverResponse, FakeSlack, SlackDriver
from storage.audit.verify import Checked, verify_database
from tests.e2e.conftest import Harness, sweep_once
from tests.e2e.pool import GOVERNANCE, USERS
from tests.fuzz.mrkdwn_audit import leaks

ACK_LIMIT = 3.0  # seconds: Slack shows the person an error after this
AUDIT_KEY = b"e2e-audit-key"
SUPERVISORS_CHANNEL = "G0SUPERVISE"
ASSEMBLY = "C0ASSEMBLY"
KNOWN_CHANNELS = frozenset({GOVERNANCE, SUPERVISORS_CHANNEL, ASSEMBLY})


def examples(default: int) -> int:
    """Examples per fuzz test: small in the suite, ``POOLGOV_FUZZ_EXAMPLES`` in ``make fuzz``."""
    return int(os.environ.get("POOLGOV_FUZZ_EXAMPLES", default))


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
    capfd: pytest.CaptureFixture[str]
    seen: int = 0  # API calls already audited
    users: frozenset[str] = field(default_factory=lambda: frozenset(u.id for u in USERS))

    @property
    def fake(self) -> FakeSlack:
        return self.h.fake

    @property
    def slack(self) -> SlackDriver:
        return self.h.slack

    def send(
        self, request: Callable[[], DriverResponse], allowed: frozenset[int], what: object
    ) -> DriverResponse:
        """Send one request and check everything the issue asks of its answer and its effects."""
        started = time.monotonic()
        answer = request()
        took = time.monotonic() - started
        problems: list[str] = []
        if answer.status not in allowed:
            problems.append(f"[edge] HTTP {answer.status} (allowed {sorted(allowed)})")
        if took > ACK_LIMIT:
            problems.append(f"[edge] ack took {took:.2f}s (limit {ACK_LIMIT}s)")
        problems += self.settle()
        if problems:
            body = answer.body[:400].decode("utf-8", "replace")
            raise AssertionError(
                f"input {_short(what)}\nanswer {answer.status} {body!r}\n" + "\n".join(problems)
            )
        return answer

    def settle(self) -> list[str]:
        """Wait for the request's work to end; what went wrong meanwhile."""
        problems: list[str] = []
        if not self.executor.wait_quiet(timeout=60):
            problems.append("[edge] a listener still runs after 60 s")
        if not self.h.bot.refresher.flush(timeout=60):
            problems.append("a message refresh still pending after 60 s")
        problems += [f"[edge] traceback logged: {t[:1500]}" for t in self.tracebacks.take()]
        err = self.capfd.readouterr().err
        if "Traceback" in err:
            problems.append(f"[edge] traceback on stderr: {err[-1500:]}")
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
        """A last sweep sends whatever notices are still owed; they are audited too."""
        sweep_once(self.h)
        problems = self.settle()
        assert not problems, "\n".join(problems)


def running_fuzz(
    h: Harness, executor: CountingExecutor, capfd: pytest.CaptureFixture[str]
) -> Iterator[Fuzz]:
    handler = Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        fuzz = Fuzz(h, executor, handler, capfd)
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
        phases=[Phase.explicit, Phase.generate, Phase.shrink] if full else [Phase.generate],
    )
