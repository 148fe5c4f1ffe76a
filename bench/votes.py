"""One engine's run: poolgov and the floor, each hit by the same burst of ballot clicks.

A fresh database and fake Slack; a pool of ``members`` members (charter from
:func:`tests.integration.charters.charter_text`, patent weights, a 7-day voting period); the
operator opens a general motion through ``/motion`` and its modal; then the floor and poolgov each
take the planned burst, and the counted ballots are read back from the database.

In process mode (the default) poolgov runs as ``poolgov run --http`` in its own process, as in
production, and the floor in another (``python -m bench.floor``); the fake Slack and the load
generator stay in this one. In-process mode (``--in-process``) serves both from threads of this
process, where they share its GIL with the load generator and the fake.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.cpu import backends, spent
from bench.databases import database
from bench.floor import start_floor
from bench.plan import PlannedClick, Voter, plan_clicks
from bench.receipts import match, url_id, wait_for_receipts
from bench.report import EngineResult, Figures, Round, figures
from bench.wire import send_burst
from bot.bootstrap import build
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, Message, PreparedRequest, RateLimits, SlackDriver
from bot.settings import Settings
from governance.services.queries import MotionView, get_motion
from tests.e2e.processes import ROOT, BotProcess, ServerProcess
from tests.integration.charters import OPERATOR, charter_text, member_ids, representative

SIGNING_SECRET = "bench-signing-secret"  # noqa: S105 - the fake's, not a secret
GOVERNANCE = "C0BENCH"
#: Long enough that every refresh a burst asks for folds into one (a close still goes at once).
REFRESH_INTERVAL = 60.0
AUDIT_KEY = "bench-audit-key"
# the urlsafe base64 of a 32-byte Ed25519 seed (on PostgreSQL, poolgov run needs a signing key)
SIGNING_KEY = "YmVuY2gtc2lnbmluZy1rZXktc2VlZC0zMi1ieXRlcyE="
MODES = ("process", "in-process")
#: The rounds' clicks start this many seconds apart (their action_ts, so their request keys).
EPOCH, ROUND_SPACING = 1_700_000_000, 100_000
T = TypeVar("T")
#: The pids a burst's processor time is charged to (see :func:`measure`).
Processes = Callable[[], list[int]]
#: The floor's URL, and the pids of its processes (None: not measured, in-process).
FloorServer = tuple[str, Processes | None]


class BenchError(Exception):
    """The scenario could not be set up (the motion did not open, …)."""


@dataclass(frozen=True)
class Options:
    members: int = 500
    clicks: int = 1000
    concurrency: int = 32
    duplicate_share: float = 0.2
    seed: int = 2027
    mode: str = "process"  # one of MODES
    rounds: int = 3


def eventually(check: Callable[[], T | None], what: str, timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise BenchError(f"gave up waiting for {what} after {timeout:.0f}s")
        time.sleep(0.05)


def bench_settings(fake: FakeSlack, database_url: str, charter: Path) -> Settings:
    return Settings.model_validate(
        {
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "POOLGOV_CHARTER": str(charter),
            "POOLGOV_CHANNEL": GOVERNANCE,
            "POOLGOV_AUDIT_KEY": AUDIT_KEY,
            "POOLGOV_SIGNING_KEY": SIGNING_KEY,
            "POOLGOV_REFRESH_INTERVAL": REFRESH_INTERVAL,
        }
    )


def open_motion(driver: SlackDriver, fake: FakeSlack) -> Message:
    """The operator drafts a general motion through ``/motion`` and the modal; its message."""
    opened, posted = len(fake.views_opened()), len(fake.messages(GOVERNANCE))
    answer = driver.slash_command(OPERATOR, "/motion", "general")
    if answer.status != 200:
        raise BenchError(f"/motion answered {answer.status}: {answer.text}")
    eventually(
        lambda: any(v.callback_id == "motion_draft" for v in fake.views_opened()[opened:]),
        "the modal",
    )
    fields = {
        "title": "Bench: adopt the 2027 budget",
        "text": "Resolved, that the budget be adopted.",
        "voting_period": "7d",
    }
    shaped = {block: {"value": value} for block, value in fields.items()}
    submitted = driver.submit_view(OPERATOR, "motion_draft", shaped)
    if submitted.status != 200 or (submitted.text and "errors" in submitted.text):
        raise BenchError(f"the motion modal was refused: {submitted.status} {submitted.text}")

    def new_motion() -> Message | None:
        fresh = fake.messages(GOVERNANCE)[posted:]
        return next((m for m in fresh if any(b["type"] == "actions" for b in m.blocks)), None)

    return eventually(new_motion, "the motion message")


def motion_id_of(message: Message) -> str:
    actions = next(b for b in message.blocks if b["type"] == "actions")
    return str(actions["elements"][0]["value"])


def measure(
    label: str,
    driver: SlackDriver,
    message: Message,
    plan: Sequence[PlannedClick],
    concurrency: int,
    ballots: Callable[[], int | None],
    processes: Processes | None = None,
) -> Figures:
    """Send the burst to ``driver``'s app; wait for the receipts; read the ballots.

    ``processes`` gives the pids whose processor time the burst is charged (the app's
    processes and database backends; see :mod:`bench.cpu`), from its first click to its last
    receipt."""
    motion_id = motion_id_of(message)
    prepared: dict[int, PreparedRequest] = {}
    for click in plan:
        if click.distinct not in prepared:
            prepared[click.distinct] = driver.prepare_click(
                click.voter.user,
                click.action_id,
                motion_id,
                message_ts=message.ts,
                channel=message.channel,
                extra={"action_ts": click.action_ts},
            )
    bodies = [prepared[c.distinct].body for c in plan]
    urls = [prepared[c.distinct].response_url or "" for c in plan]
    ids = {url_id(u) for u in urls}
    with collector_paused(), spent(processes) as cpu:
        burst = send_burst(driver, bodies, concurrency)
        posts = wait_for_receipts(driver.fake, ids, expected=len(plan))
    matched = match(burst.sent, urls, posts)
    return figures(label, burst, matched, ballots(), cpu.seconds)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in this process (the load generator, the fake Slack) while a burst
    is measured, as ``timeit`` does: a full collection of the bench's own heap stops every
    client thread for tens of milliseconds, which would land on whichever app was being timed.
    The heap is collected just before, and collection resumes after."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_engine(engine: str, options: Options) -> EngineResult:
    """Floor, then poolgov, on one engine; everything started here is stopped here."""
    if options.mode not in MODES:
        raise ValueError(f"unknown mode {options.mode!r}; use one of {', '.join(MODES)}")
    voters = [Voter(m, representative(m)) for m in member_ids(options.members)]
    plans = [
        plan_clicks(
            voters,
            options.clicks,
            duplicate_share=options.duplicate_share,
            seed=options.seed + n,
            epoch=EPOCH + n * ROUND_SPACING,
        )
        for n in range(options.rounds)
    ]
    with (
        tempfile.TemporaryDirectory(prefix="poolgov-bench-") as tmp,
        database(engine, Path(tmp)) as url,
        FakeSlack(rate_limits=RateLimits.unlimited()) as fake,
    ):
        run = _run_processes if options.mode == "process" else _run_in_process
        return run(engine, options, plans, fake, url, Path(tmp))


def _measure_rounds(
    engine: str,
    options: Options,
    plans: Sequence[Sequence[PlannedClick]],
    driver: SlackDriver,
    floor_url: Callable[[], AbstractContextManager[FloorServer]],
    lookup: Callable[[str], MotionView],
    processes: Processes | None = None,
) -> EngineResult:
    """Per round: open a motion on poolgov (``driver``), burst the floor, then burst poolgov.

    Each round waits for its motion to close (everyone voted) before the next one opens, so a
    round's close never lands in the next round's bursts.
    """
    rounds: list[Round] = []
    with floor_url() as (url, floor_processes):
        floor_driver = SlackDriver(url, SIGNING_SECRET, driver.fake)
        for plan in plans:
            apps = (driver, processes), (floor_driver, floor_processes)
            rounds.append(_round(engine, options, plan, apps, lookup))
    return EngineResult(engine, rounds, options.members)


def _round(
    engine: str,
    options: Options,
    plan: Sequence[PlannedClick],
    apps: tuple[tuple[SlackDriver, Processes | None], tuple[SlackDriver, Processes | None]],
    lookup: Callable[[str], MotionView],
) -> Round:
    """One round: ``apps`` are poolgov's and the floor's drivers, each with its processes."""
    (driver, processes), (floor_driver, floor_processes) = apps
    message = open_motion(driver, driver.fake)
    motion_id = motion_id_of(message)
    concurrency = options.concurrency
    floor = measure(
        f"floor ({engine} run)",
        floor_driver,
        message,
        plan,
        concurrency,
        lambda: None,
        floor_processes,
    )
    poolgov = measure(
        f"poolgov ({engine})",
        driver,
        message,
        plan,
        concurrency,
        lambda: len(lookup(motion_id).ballots),
        processes,
    )
    if poolgov.ballots == options.members:
        eventually(lambda: not lookup(motion_id).motion.is_open, "the motion to close")
    return Round(poolgov, floor)


def _run_in_process(
    engine: str,
    options: Options,
    plans: Sequence[Sequence[PlannedClick]],
    fake: FakeSlack,
    url: str,
    workdir: Path,
) -> EngineResult:
    charter = workdir / "charter.yaml"
    charter.write_text(charter_text(options.members), encoding="utf-8")
    settings = bench_settings(fake, url, charter)
    with PoolBot(settings) as bot:
        server = bot.start_http(port=0)

        @contextmanager
        def floor_url() -> Iterator[FloorServer]:
            floor_server = start_floor(settings)
            try:
                yield floor_server.url, None  # threads of this process: not measured apart
            finally:
                floor_server.stop()

        def lookup(motion_id: str) -> MotionView:
            return get_motion(bot.storage.reader(), motion_id)

        driver = SlackDriver(server.url, SIGNING_SECRET, fake)
        return _measure_rounds(engine, options, plans, driver, floor_url, lookup)


def _run_processes(
    engine: str,
    options: Options,
    plans: Sequence[Sequence[PlannedClick]],
    fake: FakeSlack,
    url: str,
    workdir: Path,
) -> EngineResult:
    poolgov = BotProcess(
        fake,
        url,
        workdir,
        charter=charter_text(options.members),
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        POOLGOV_CHANNEL=GOVERNANCE,
        POOLGOV_AUDIT_KEY=AUDIT_KEY,
        POOLGOV_SIGNING_KEY=SIGNING_KEY,
        POOLGOV_REFRESH_INTERVAL=str(REFRESH_INTERVAL),
        POOLGOV_SWEEP_INTERVAL="3600",
        POOLGOV_LOG_LEVEL="WARNING",
        # where its ballots are written, when the bench is told (to compare the two)
        **{k: v for k, v in os.environ.items() if k == "POOLGOV_BALLOT_WRITER"},
    )
    floor_command = [
        sys.executable,
        *("-m", "bench.floor", "--host", "127.0.0.1"),
        *("--signing-secret", SIGNING_SECRET, "--api-url", fake.api_url),
        *("--token", fake.bot_token),
    ]

    @contextmanager
    def floor_url() -> Iterator[FloorServer]:
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        with ServerProcess("floor", floor_command, workdir, {"PYTHONPATH": path}).start() as floor:
            yield floor.url, lambda: [pid_of(floor)]

    with poolgov.start(timeout=60), build(url, AUDIT_KEY.encode()) as storage:

        def lookup(motion_id: str) -> MotionView:
            return get_motion(storage.reader(), motion_id)

        database_backends = backends(url)

        def processes() -> list[int]:
            """poolgov's server, its ballot writer, and their database backends."""
            return [pid_of(poolgov), *database_backends()]

        driver = SlackDriver(poolgov.url, SIGNING_SECRET, fake)
        return _measure_rounds(engine, options, plans, driver, floor_url, lookup, processes)


def pid_of(server: ServerProcess) -> int:
    if server.process is None:
        raise BenchError(f"{server.name} is not running")
    return server.process.pid
