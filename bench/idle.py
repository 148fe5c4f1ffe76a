"""``python -m bench.idle [--members N] [--ballots N] [--starts N] [--engine …] [--root DIR …]``.

A quicker look at the idle memory ``python -m bench.scale`` reports: the same register (10,000
members) with one closed motion of 8,000 ballots and no long audit chain, then ``poolgov run
--http`` started ``--starts`` times on it, its memory read as :mod:`bench.scale` reads it (every
process of the tree, ``IDLE_SECONDS`` after its first answered ``/healthz``), and then only once
the charter's parsing child has ended and the sweep that asked for it is done. With several
``--root`` directories (checkouts of different revisions), each start alternates between them,
the code imported from that checkout (``PYTHONPATH``), so a change is compared with the revision
before it under the same load. Prints each start's total PSS, each process's PSS and
``Private_Dirty``, and the median per checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.databases import ENGINES, database
from bench.memory import PROC, ProcessMemory, descendants, total_pss_mib, tree_memory
from bench.scale import (
    IDLE_SECONDS,
    START,
    environment,
    first_start,
    servers,
    settled,
    started,
    vote_on,
)
from bench.votes import AUDIT_KEY, SIGNING_KEY
from bot.sandbox import FakeSlack, RateLimits
from governance.commands import CloseMotion
from governance.services import close_motion
from tests.e2e.processes import ROOT
from tests.integration.charters import charter_text, member_ids

SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Run:
    """A checkout to run poolgov from, and settings of its own."""

    root: Path
    env: dict[str, str]

    @classmethod
    def parse(cls, spec: str) -> Run:
        path, *settings = spec.split(",")
        return cls(Path(path).resolve(), dict(s.split("=", 1) for s in settings))

    def __hash__(self) -> int:
        return hash((self.root, tuple(sorted(self.env.items()))))

    def __str__(self) -> str:
        return ",".join([str(self.root), *(f"{k}={v}" for k, v in self.env.items())])


def private_dirty_mib(pid: int) -> float:
    try:
        rollup = (PROC / str(pid) / "smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in rollup.splitlines():
        if line.startswith("Private_Dirty:"):
            return int(line.split()[1]) / 1024
    return 0.0


def mappings(pid: int, top: int = 8) -> str:
    """The mappings that hold most of ``pid``'s ``Private_Dirty``, in MiB."""
    try:
        text = (PROC / str(pid) / "smaps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    dirty: dict[str, int] = {}
    name = "?"
    for line in text.splitlines():
        first = line.split(maxsplit=5)
        if first and "-" in first[0] and ":" not in first[0]:
            name = first[5] if len(first) > 5 else "[anon]"
        elif line.startswith("Private_Dirty:"):
            dirty[name] = dirty.get(name, 0) + int(line.split()[1])
    biggest = sorted(dirty.items(), key=lambda item: -item[1])[:top]
    return "; ".join(f"{Path(n).name or n} {kib / 1024:.1f}" for n, kib in biggest)


def quiet_tree(pid: int, patience: float = 120.0) -> list[ProcessMemory]:
    """As :func:`bench.scale.settled`, but whatever the number of processes (one with
    ``POOLGOV_BALLOT_WRITER=thread``): once no child parses a charter any more."""
    tree = settled(pid, IDLE_SECONDS, patience)
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        busy = False
        for child in descendants(pid):
            with contextlib.suppress(OSError):
                busy = busy or b"load_charter" in (PROC / str(child) / "cmdline").read_bytes()
        if not busy:
            time.sleep(SETTLE_SECONDS)  # the sweep that asked for the charter, done with it
            return tree_memory(pid)
        time.sleep(0.1)
    return tree


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def run_engine(
    engine: str, members: int, ballots: int, starts: int, roots: list[Run], detail: bool
) -> None:
    charter = charter_text(members)
    with (
        tempfile.TemporaryDirectory(prefix="poolgov-idle-") as tmp,
        database(engine, Path(tmp)) as url,
        environment(DATABASE_URL=url, POOLGOV_AUDIT_KEY=AUDIT_KEY, POOLGOV_SIGNING_KEY=SIGNING_KEY),
    ):
        workdir = Path(tmp)
        with first_start(url, charter) as storage:
            motion, _ = vote_on(storage, member_ids(members)[:ballots], 0)
            at = START + timedelta(days=30)
            close_motion(CloseMotion(motion), storage.uow(), at, storage.parse_charter)
        totals: dict[Run, list[float]] = {root: [] for root in roots}
        starts_s: dict[Run, list[float]] = {root: [] for root in roots}
        with FakeSlack(rate_limits=RateLimits.unlimited()) as fake:
            poolgov, _floor = servers(fake, url, workdir, charter)
            for n in range(starts + 1):  # the first start on the database is not counted
                for root in roots:
                    server = poolgov()
                    server.env.update(PYTHONPATH=str(root.root), **root.env)
                    try:
                        seconds = started(server)
                        assert server.process is not None
                        tree = quiet_tree(server.process.pid)
                        each = ", ".join(
                            f"{p.pss_kib / 1024:.1f} ({private_dirty_mib(p.pid):.1f})" for p in tree
                        )
                        if detail:
                            each += "".join(f"\n    {p.pid}: {mappings(p.pid)}" for p in tree)
                    finally:
                        server.stop()
                    total = total_pss_mib(tree)
                    if n:
                        totals[root].append(total)
                        starts_s[root].append(seconds)
                    print(
                        f"{engine} {root}: start {n}{' (first)' if not n else ''}: "
                        f"{total:.1f} MiB PSS = {each}; {seconds:.2f} s; load {load()}",
                        flush=True,
                    )
        for root in roots:
            print(
                f"{engine} {root}: median {statistics.median(totals[root]):.1f} MiB of "
                f"{', '.join(f'{t:.1f}' for t in totals[root])}; start-up median "
                f"{statistics.median(starts_s[root]):.2f} s",
                flush=True,
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.idle", description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--ballots", type=int, default=8_000)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="postgres")
    parser.add_argument(
        "--root",
        action="append",
        help="a checkout to run (default: this one), optionally with settings: DIR,NAME=VALUE,…",
    )
    parser.add_argument(
        "--detail", action="store_true", help="print the mappings that hold the most Private_Dirty"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    roots = [Run.parse(spec) for spec in args.root] if args.root else [Run(ROOT, {})]
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    print(f"load {load()}; PSS in MiB, Private_Dirty in brackets, per process", flush=True)
    for engine in engines:
        run_engine(engine, args.members, args.ballots, args.starts, roots, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
