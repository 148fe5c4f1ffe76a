"""``python -m bench.chain [--members N] [--batch N] [--rounds N] [--engine sqlite|postgres|both]``.

What the verifiable record costs a ballot. Ballots go through the real service
(:func:`governance.services.cast_ballots`, in batches as the ballot writer sends them) into a real
database, and each motion is closed; two ways, alternating round by round on fresh motions:

- the floor: entries hashed as before signed heads (HMAC-SHA256 with a key), no signature;
- poolgov: entries hashed with plain SHA-256, and the head signed with Ed25519 at the close.

Prints each round, then the medians and poolgov's cost per ballot (the close's signature shared
over the motion's ballots) as a multiple of the floor's, against the target: at most 1.10.
Exits 1 only when a round recorded a different number of ballots than there are members.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import hmac
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import storage.audit.log
from bench.databases import ENGINES, database
from bot.bootstrap import Storage, build
from governance.commands import CastBallot, CloseMotion, InitialisePool, OpenMotion
from governance.kinds import General
from governance.services import cast_ballots, close_motion, initialise_pool, open_motion
from governance.tally import Choice
from migrations.runner import upgrade
from storage.audit.signed_heads import sign_current_head
from storage.audit.signing import HeadSigner
from tests.integration.charters import OPERATOR, charter_text, member_ids, representative

#: Issue 10: signing must not make a ballot cost more than 10% more.
COST_RATIO_TARGET = 1.10
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
FLOOR_KEY = b"bench-floor-hmac-key"


@dataclass(frozen=True)
class Round:
    label: str
    ballots: int
    ballot_seconds: float  # casting every ballot, batch after batch
    close_seconds: float  # the close, and for poolgov the signature of its head

    @property
    def per_ballot(self) -> float:
        return (self.ballot_seconds + self.close_seconds) / self.ballots


@contextmanager
def floor_hashing() -> Iterator[None]:
    """Entries hashed as they were before: HMAC-SHA256 under a key (the floor's chain)."""
    appender: Any = storage.audit.log  # the module whose hash function the floor replaces
    original = appender.sha256_entry_hash

    def keyed(prev_hash: str, seq: int, body: str) -> str:
        message = bytes.fromhex(prev_hash) + seq.to_bytes(8, "big") + body.encode("utf-8")
        return hmac.new(FLOOR_KEY, message, hashlib.sha256).hexdigest()

    appender.sha256_entry_hash = keyed
    try:
        yield
    finally:
        appender.sha256_entry_hash = original


def one_round(
    pool: Storage, label: str, members: Sequence[str], batch: int, sign: HeadSigner | None, n: int
) -> Round:
    now = START + timedelta(days=n)
    command = OpenMotion(OPERATOR, f"Round {n}", "Resolved.", General())
    (opened,) = open_motion(command, pool.uow(), now, pool.parse_charter)
    choices = (Choice.YES, Choice.NO, Choice.ABSTAIN)
    commands = [
        CastBallot(opened.motion_id, m, representative(m), choices[i % 3], f"r{n}-{m}")
        for i, m in enumerate(members)
    ]
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        outcomes = []
        for start in range(0, len(commands), batch):
            outcomes += cast_ballots(commands[start : start + batch], pool.uow(), now)
        cast = time.perf_counter() - started
        started = time.perf_counter()
        close_motion(CloseMotion(opened.motion_id), pool.uow(), now, pool.parse_charter)
        if sign is not None:
            with pool.uow() as uow:
                sign_current_head(uow.session, sign, now)
                uow.commit()
        closed = time.perf_counter() - started
    finally:
        gc.enable()
    recorded = sum(1 for o in outcomes if isinstance(o, list))
    return Round(label, recorded, cast, closed)


def run_engine(engine: str, members: int, batch: int, rounds: int) -> list[Round]:
    signer = HeadSigner.generate()
    results: list[Round] = []
    with tempfile.TemporaryDirectory() as workdir, database(engine, Path(workdir)) as url:
        upgrade(url)
        with build(url, signer=signer) as pool:
            initialise_pool(
                InitialisePool(charter_text(members)), pool.uow(), START, pool.parse_charter
            )
            ids = member_ids(members)
            for n in range(rounds):
                with floor_hashing():
                    results.append(one_round(pool, "floor", ids, batch, None, 2 * n))
                results.append(one_round(pool, "poolgov", ids, batch, signer, 2 * n + 1))
    return results


def median(rounds: Sequence[Round], label: str, figure: Callable[[Round], float]) -> float:
    return statistics.median(figure(r) for r in rounds if r.label == label)


def report(engine: str, rounds: Sequence[Round], members: int) -> tuple[str, bool, float]:
    lines = [f"{engine}: {members} members, one ballot each per round"]
    lines.append(f"  {'round':<12} {'ballots':>8} {'cast ms':>9} {'close ms':>9} {'µs/ballot':>10}")
    for index, r in enumerate(rounds):
        lines.append(
            f"  {r.label + ' #' + str(index // 2 + 1):<12} {r.ballots:>8} "
            f"{r.ballot_seconds * 1000:>9.1f} {r.close_seconds * 1000:>9.1f} "
            f"{r.per_ballot * 1e6:>10.1f}"
        )
    floor = median(rounds, "floor", lambda r: r.per_ballot)
    ours = median(rounds, "poolgov", lambda r: r.per_ballot)
    ratio = ours / floor
    verdict = "met" if ratio <= COST_RATIO_TARGET else "NOT met"
    lines.append(
        f"  median µs/ballot: floor {floor * 1e6:.1f}, poolgov {ours * 1e6:.1f}; "
        f"ratio {ratio:.3f} (target ≤ {COST_RATIO_TARGET:.2f}: {verdict})"
    )
    correct = all(r.ballots == members for r in rounds)
    if not correct:
        lines.append("  ERROR: a round did not record one ballot per member")
    return "\n".join(lines), correct, ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.chain", description="What the verifiable record costs a ballot."
    )
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--batch", type=int, default=32, help="ballots per transaction")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    args = parser.parse_args(argv)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    correct = True
    for engine in engines:
        text, ok, _ = report(
            engine, run_engine(engine, args.members, args.batch, args.rounds), args.members
        )
        print(text, flush=True)
        correct = correct and ok
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
