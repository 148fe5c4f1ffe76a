"""``python -m bench.scale [--members N] [--ballots N] [--entries N] [--engine …] [--only verify]``.

On each engine, a pool of ``--members`` (10,000) members is built and a motion gets ``--ballots``
(8,000) ballots; more motions are voted on until the audit chain holds ``--entries`` (100,000).
Every figure is printed beside a floor measured in the same run, on the same machine, with its
ratio (the machine may be shared: only the ratios compare between runs):

- charter load: :func:`bot.charter_file.load_charter` of the charter; floor: the C YAML loader
  (``yaml.CSafeLoader``) parsing the same text, nothing checked;
- first start: schema migrated and the pool initialised from the charter (what ``poolgov run``
  does on an empty database); floor: the schema migrated and the register's rows (id, name,
  weight) inserted with one ``executemany`` into a table of their own;
- close to result: :func:`~governance.services.close_motion` of the motion with its ballots;
  floor: its counted ballots and their members' weights read with one query each and summed in
  plain code;
- export and ``tally --json``: ``poolgov export motion`` into a directory, then ``poolgov tally
  --json`` of the charter and ballots it wrote; floor: the same recount with the C loader, the
  csv module and plain sums over the same files;
- ``audit verify`` over the whole chain (best of three); floor: the entries read by the same
  query through the same driver cursor as ``audit verify`` reads them
  (:func:`storage.audit.log.stream_entries`), their SHA-256 hashes computed and compared in a
  bare loop (best of three);
- idle PSS of ``poolgov run --http`` (every process of it) on that database; floor: the PSS of the
  slack-bolt floor (:mod:`bench.floor`) serving the same way;
- start-up, from launching ``poolgov run --http`` on the pool's database to its first answered
  request (``/healthz``); floor: the same for the slack-bolt floor (median of three each,
  alternating).

``--only verify`` builds the same pool and chain and measures ``audit verify`` alone.

The targets of issue 12 are printed beside the ratios; only a failure to load, start or count
right exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import hashlib
import io
import logging
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text

from bench.databases import ENGINES, database
from bench.memory import ProcessMemory, descendants, total_pss_mib, tree_memory
from bench.votes import AUDIT_KEY, GOVERNANCE, SIGNING_KEY, SIGNING_SECRET
from bot.bootstrap import Storage, build
from bot.charter_file import load_charter
from bot.sandbox import FakeSlack, RateLimits
from governance.charter import MotionKind
from governance.commands import CastBallot, CloseMotion, InitialisePool, OpenMotion
from governance.kinds import General
from governance.services import cast_ballots, close_motion, initialise_pool, open_motion
from governance.tally import Choice
from migrations.runner import upgrade
from storage.audit.log import stream_entries
from tests.e2e.processes import ROOT, BotProcess, ServerProcess
from tests.integration.charters import OPERATOR, charter_text, member_ids, representative

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CHOICES = (Choice.YES, Choice.NO, Choice.ABSTAIN)
BATCH = 256  # ballots per transaction while the pool is being filled (not measured)
IDLE_SECONDS = 3.0  # how long the servers sit idle before their memory is read
STARTS = 3  # start-ups timed per app
VERIFY_TIMES = 3  # audit verify and its floor: the best of this many runs each

#: Issue 12's targets: a ratio to the floor (or, for first start, seconds).
TARGETS: dict[str, tuple[str, float]] = {
    "first start": ("s", 5.0),
    "audit verify": ("x", 2.0),
    "idle PSS": ("MiB", 120.0),
    "start-up": ("x", 3.0),
}


@dataclass(frozen=True)
class Figure:
    name: str
    ours: float  # seconds, or MiB for memory
    floor: float
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("nan")

    def verdict(self) -> str:
        target = TARGETS.get(self.name)
        if target is None:
            return ""
        kind, limit = target
        value = self.ratio if kind == "x" else self.ours
        shown = f"≤ {limit:g}{'x' if kind == 'x' else ' ' + kind}"
        return f"target {shown}: {'met' if value <= limit else 'NOT met'}"


@dataclass
class EngineScale:
    engine: str
    figures: list[Figure]
    problems: list[str]


def timed(work: Callable[[], object]) -> float:
    """Seconds ``work`` took, with the collector paused (as ``timeit`` does)."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started
    finally:
        gc.enable()


def best_of(work: Callable[[], object], times: int = 3) -> float:
    """The median of ``times`` runs."""
    return statistics.median(timed(work) for _ in range(times))


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """The settings the CLI commands read from the environment, for the duration."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """What the CLI commands print goes nowhere (it is not what is measured)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


# the floors -----------------------------------------------------------------------------------


def floor_first_start(url: str, charter: str) -> None:
    upgrade(url)
    members = yaml.load(charter, Loader=yaml.CSafeLoader)["members"]
    rows = [{"id": m["id"], "name": m["name"], "weight": str(m["patents"])} for m in members]
    with build(url, AUDIT_KEY.encode()) as storage, storage.engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_members (id TEXT, name TEXT, weight TEXT)"))
        connection.execute(text("INSERT INTO bench_members VALUES (:id, :name, :weight)"), rows)


Recount = tuple[dict[str, int], dict[str, Fraction]]  # ballots and weight, by choice


def _add(recount: Recount, choice: str, weight: Fraction) -> None:
    counts, totals = recount
    counts[choice] = counts.get(choice, 0) + 1
    totals[choice] = totals.get(choice, Fraction(0)) + weight


def floor_close(storage: Storage, motion_number: int) -> Recount:
    with storage.engine.connect() as connection:
        ballots = connection.execute(
            text(
                "SELECT member_id, choice FROM ballots "
                "WHERE motion_id = :m AND superseded_at IS NULL"
            ),
            {"m": motion_number},
        ).all()
        weights: dict[str, str] = dict(
            connection.execute(
                text("SELECT member_id, weight FROM motion_electorate WHERE motion_id = :m"),
                {"m": motion_number},
            ).all()
        )
    recount: Recount = ({}, {})
    for member, choice in ballots:
        _add(recount, choice, Fraction(weights[member]))
    return recount


def floor_recount(charter_path: Path, ballots_path: Path) -> Recount:
    charter = yaml.load(charter_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    weights = {m["id"]: Fraction(m["patents"]) for m in charter["members"]}
    recount: Recount = ({}, {})
    with ballots_path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            _add(recount, row["choice"], weights[row["member"]])
    return recount


def floor_verify(storage: Storage) -> int:
    """The bare loop: every entry's SHA-256 over (prev, seq, body), checked against the next.

    The entries are read as ``audit verify`` reads them, by the same query through the same
    driver cursor (:func:`storage.audit.log.stream_entries`), so the floor is the cost of the
    reading and the hashing alone."""
    prev = "00" * 32
    checked = 0
    with storage.engine.connect() as connection:
        for seq, prev_hash, entry_hash, body, _scheme in stream_entries(connection):
            message = bytes.fromhex(prev_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")
            if prev_hash != prev or hashlib.sha256(message).hexdigest() != entry_hash:
                raise RuntimeError(f"the bare loop found entry {seq} broken")
            prev = entry_hash
            checked += 1
    return checked


# poolgov's side -------------------------------------------------------------------------------


def first_start(url: str, charter: str) -> Storage:
    upgrade(url)
    storage = build(url, AUDIT_KEY.encode())
    initialise_pool(InitialisePool(charter), storage.uow(), START, storage.parse_charter)
    return storage


def vote_on(storage: Storage, members: Sequence[str], n: int) -> tuple[str, int]:
    """Open motion ``n`` and cast one ballot per member in ``members``; its id and ballots."""
    now = START + timedelta(days=n)
    command = OpenMotion(OPERATOR, f"Scale {n}", "Resolved.", General())
    (opened,) = open_motion(command, storage.uow(), now, storage.parse_charter)
    commands = [
        CastBallot(opened.motion_id, m, representative(m), CHOICES[i % 3], f"s{n}-{m}")
        for i, m in enumerate(members)
    ]
    recorded = 0
    for start in range(0, len(commands), BATCH):
        outcomes = cast_ballots(commands[start : start + BATCH], storage.uow(), now)
        recorded += sum(1 for o in outcomes if not isinstance(o, Exception))
    return opened.motion_id, recorded


def entries(storage: Storage) -> int:
    with storage.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_entries")).scalar_one())


def run_cli(command: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    import typer

    with quiet():
        try:
            command(*args, **kwargs)
        except typer.Exit as done:
            if done.exit_code:
                raise RuntimeError(f"{command.__name__} exited {done.exit_code}") from None


# processes ------------------------------------------------------------------------------------


def started(server: ServerProcess, timeout: float = 120.0) -> float:
    """Launch ``server``; the seconds to its first answered ``/healthz`` (polled every 5 ms)."""
    started_at = time.perf_counter()
    _launch(server)
    deadline = started_at + timeout
    while time.perf_counter() < deadline:
        assert server.process is not None
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {server._stderr()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=1) as answer:  # noqa: S310
                if answer.status == 200:
                    return time.perf_counter() - started_at
        except OSError:
            time.sleep(0.005)
    server.stop()
    raise TimeoutError(f"{server.name} did not start: {server._stderr()}")


def _launch(server: ServerProcess) -> None:
    import subprocess

    server._stderr_file = server.stderr_path.open("ab")
    server.process = subprocess.Popen(
        [*server.command, "--port", str(server.port)],
        cwd=server.workdir,
        env=server.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=server._stderr_file,
    )


def servers(
    fake: FakeSlack, url: str, workdir: Path, charter: str
) -> tuple[Callable[[], ServerProcess], Callable[[], ServerProcess]]:
    def poolgov() -> ServerProcess:
        return BotProcess(
            fake,
            url,
            workdir,
            charter=charter,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            POOLGOV_CHANNEL=GOVERNANCE,
            POOLGOV_AUDIT_KEY=AUDIT_KEY,
            POOLGOV_SIGNING_KEY=SIGNING_KEY,
            POOLGOV_SWEEP_INTERVAL="3600",
            POOLGOV_LOG_LEVEL="WARNING",
        )

    def floor() -> ServerProcess:
        command = [
            sys.executable,
            *("-m", "bench.floor", "--host", "127.0.0.1"),
            *("--signing-secret", SIGNING_SECRET, "--api-url", fake.api_url),
            *("--token", fake.bot_token),
        ]
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        return ServerProcess("floor", command, workdir, {"PYTHONPATH": path})

    return poolgov, floor


def settled(pid: int, idle_seconds: float, patience: float = 120.0) -> list[ProcessMemory]:
    """The memory of ``pid``'s tree once it is idle: ``idle_seconds`` after start-up, and once
    the short-lived children of start-up (a charter parsed in a child) have ended: at most two
    processes, the server and its ballot writer."""
    time.sleep(idle_seconds)
    deadline = time.monotonic() + patience
    while len(descendants(pid)) > 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    return tree_memory(pid)


def idle_and_start(
    fake: FakeSlack,
    url: str,
    workdir: Path,
    charter: str,
    starts: int = STARTS,
    idle_seconds: float = IDLE_SECONDS,
) -> tuple[Figure, Figure]:
    """Idle PSS and median start-up, the floor and poolgov in turn, each started ``starts`` times.

    poolgov's first start on the bench's database does work once that later starts do not (and
    holds more memory after it): its memory then is printed beside, but the idle figure is read
    at the last start.
    """
    poolgov, floor = servers(fake, url, workdir, charter)
    ours_start: list[float] = []
    floor_start: list[float] = []
    ours_pss: list[float] = []
    floor_pss = 0.0
    processes = ""
    for n in range(starts):
        for make, times in ((floor, floor_start), (poolgov, ours_start)):
            server = make()
            try:
                times.append(started(server))
                assert server.process is not None
                if make is floor and n == 0:
                    floor_pss = total_pss_mib(settled(server.process.pid, idle_seconds))
                elif make is poolgov and (n == 0 or n == starts - 1):
                    tree = settled(server.process.pid, idle_seconds)
                    ours_pss.append(total_pss_mib(tree))
                    processes = ", ".join(f"{p.pss_kib / 1024:.0f}" for p in tree)
            finally:
                server.stop()
    note = f"{len(processes.split(','))} processes: {processes} MiB"
    if len(ours_pss) > 1:
        note += f"; {ours_pss[0]:.0f} MiB at the first start on this database"
    return (
        Figure("idle PSS", ours_pss[-1], floor_pss, "MiB", note),
        Figure(
            "start-up",
            statistics.median(ours_start),
            statistics.median(floor_start),
            note=f"median of {starts}",
        ),
    )


# one engine -----------------------------------------------------------------------------------


def run_engine(
    engine: str,
    members: int,
    ballots: int,
    chain: int,
    *,
    starts: int = STARTS,
    idle_seconds: float = IDLE_SECONDS,
    only: str | None = None,
) -> EngineScale:
    figures: list[Figure] = []
    problems: list[str] = []
    charter = charter_text(members)
    ids = member_ids(members)
    with (
        tempfile.TemporaryDirectory(prefix="poolgov-scale-") as tmp,
        database(engine, Path(tmp)) as url,
        database(engine, Path(tmp) / "floor") as floor_url,
        environment(DATABASE_URL=url, POOLGOV_AUDIT_KEY=AUDIT_KEY, POOLGOV_SIGNING_KEY=SIGNING_KEY),
    ):
        workdir = Path(tmp)
        (workdir / "floor").mkdir(exist_ok=True)
        if only == "verify":  # the same chain: the measured motion closed, then the rest
            with first_start(url, charter) as storage:
                motion, _ = vote_on(storage, ids[:ballots], 0)
                at = START + timedelta(days=30)
                close_motion(CloseMotion(motion), storage.uow(), at, storage.parse_charter)
                figures.append(verify_figure(storage, url, ids, chain, 1))
            return EngineScale(engine, figures, problems)
        ours = best_of(lambda: load_charter(charter))
        floor = best_of(lambda: yaml.load(charter, Loader=yaml.CSafeLoader))
        figures.append(Figure("charter load", ours, floor, note=f"{len(charter):,} bytes"))

        floor = timed(lambda: floor_first_start(floor_url, charter))
        holder: list[Storage] = []
        ours = timed(lambda: holder.append(first_start(url, charter)))
        figures.append(Figure("first start", ours, floor, note=f"{members:,} members"))
        with holder[0] as storage:
            motion, recorded = vote_on(storage, ids[:ballots], 0)
            if recorded != ballots:
                problems.append(f"{recorded} ballots recorded of {ballots}")
            number = int(motion)
            expected = floor_close(storage, number)
            floor = best_of(lambda: floor_close(storage, number))
            at = START + timedelta(days=30)
            closed: list[object] = []
            ours = timed(
                lambda: closed.extend(
                    close_motion(CloseMotion(motion), storage.uow(), at, storage.parse_charter)
                )
            )
            figures.append(Figure("close to result", ours, floor, note=f"{ballots:,} ballots"))
            if not closed:
                problems.append("the motion did not close")

            from bot.cli import storage as cli_storage
            from bot.cli import tally as cli_tally

            out = workdir / "export"

            def export_and_tally() -> None:
                run_cli(cli_storage.export, motion, out, database_url=url)
                charter_file, ballots_file = out / "charter.yaml", out / "ballots.csv"
                run_cli(cli_tally.tally, charter_file, ballots_file, MotionKind.GENERAL, None, True)

            ours = timed(export_and_tally)
            recount = floor_recount(out / "charter.yaml", out / "ballots.csv")
            if recount[0] != expected[0]:
                problems.append(
                    f"the exported ballots {recount[0]} are not the stored {expected[0]}"
                )
            floor = best_of(lambda: floor_recount(out / "charter.yaml", out / "ballots.csv"))
            figures.append(Figure("export + tally --json", ours, floor))

            figures.append(verify_figure(storage, url, ids, chain, 1))

        with FakeSlack(rate_limits=RateLimits.unlimited()) as fake:
            idle, start = idle_and_start(fake, url, workdir, charter, starts, idle_seconds)
        figures += [idle, start]
    return EngineScale(engine, figures, problems)


def verify_figure(storage: Storage, url: str, ids: Sequence[str], chain: int, n: int) -> Figure:
    """Motions ``n``, ``n + 1``… voted on by every member until the chain holds ``chain``
    entries; then the floor and ``poolgov audit verify`` over it (in process)."""
    from bot.cli import storage as cli_storage

    while entries(storage) < chain:
        vote_on(storage, ids, n)
        n += 1
    length = entries(storage)
    floor = best_of(lambda: floor_verify(storage), VERIFY_TIMES)
    ours = best_of(lambda: run_cli(cli_storage.audit_verify, None, database_url=url), VERIFY_TIMES)
    return Figure("audit verify", ours, floor, note=f"{length:,} entries, best of {VERIFY_TIMES}")


def report(result: EngineScale) -> str:
    lines = [f"{result.engine}:"]
    lines.append(f"  {'figure':<22} {'poolgov':>10} {'floor':>10} {'ratio':>7}  target, note")
    for f in result.figures:
        unit = " MiB" if f.unit == "MiB" else " s"
        ours = f"{f.ours:.1f}{unit}" if f.unit == "MiB" else f"{f.ours:.3f}{unit}"
        floor = f"{f.floor:.1f}{unit}" if f.unit == "MiB" else f"{f.floor:.3f}{unit}"
        notes = "; ".join(filter(None, [f.verdict(), f.note]))
        lines.append(f"  {f.name:<22} {ours:>10} {floor:>10} {f.ratio:>6.2f}x  {notes}")
    for problem in result.problems:
        lines.append(f"  ERROR: {problem}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--ballots", type=int, default=8_000)
    parser.add_argument("--entries", type=int, default=100_000, help="audit chain length")
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument(
        "--only",
        choices=["verify"],
        help="measure only this figure (verify: the chain built, then audit verify)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    print(
        f"poolgov scale bench: {args.members:,} members, {args.ballots:,} ballots on the measured "
        f"motion, audit chain of at least {args.entries:,} entries",
        flush=True,
    )
    failed = False
    for engine in engines:
        try:
            result = run_engine(engine, args.members, args.ballots, args.entries, only=args.only)
        except Exception as error:
            print(f"{engine}: FAILED: {type(error).__name__}: {error}", flush=True)
            failed = True
            continue
        print(report(result), flush=True)
        failed = failed or bool(result.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
