"""``python -m bench.fanout [--members 500] [--engine sqlite|postgres] [--rate 100]``.

A vote reminder fanned out as 1,000 DMs (500 members, two representatives each) against the fake
Slack's rate limits: a per-channel ``chat.postMessage`` rate (1/s) and a workspace-wide one
(``--workspace-rate`` per second), with the bot's pacer set to ``--rate``. Prints the DMs
delivered, duplicates, 429s met and waited out, elapsed time and DMs per second; exits 1 unless
every DM was delivered exactly once.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from bench.databases import ENGINES, database
from bot.jobs_meetings import remind_voters
from bot.sandbox import FakeSlack, Rate, RateLimits
from tests.e2e.fanout_pool import fanout_bot, open_general, representatives
from tests.e2e.pool import USERS


def run(members: int, engine: str, rate: float, workspace_rate: float) -> bool:
    limits = RateLimits(
        per_method={"chat.postMessage": Rate(burst=20, interval=1 / workspace_rate)},
        per_channel={"chat.postMessage": Rate(burst=1, interval=1.0)},
    )
    with (
        tempfile.TemporaryDirectory() as workdir,
        database(engine, Path(workdir)) as url,
        FakeSlack(users=USERS, rate_limits=limits) as fake,
        fanout_bot(
            fake,
            url,
            Path(workdir),
            members,
            POOLGOV_FANOUT_RATE=rate,
            POOLGOV_FANOUT_BURST=20,
            POOLGOV_SWEEP_INTERVAL=3600,
        ) as (bot, clock),
    ):
        motion_id, closes_at = open_general(bot)
        clock.set(closes_at - timedelta(days=1) + timedelta(seconds=1))
        began = time.monotonic()
        remind_voters(bot.runtime, motion_id)
        elapsed = time.monotonic() - began
        calls = fake.calls("chat.postMessage")
        delivered = Counter(str(c.params["channel"]) for c in calls if c.ok)
        expected = {u for n in range(members) for u in representatives(n)}
        duplicates = sum(count - 1 for count in delivered.values())
        throttled = sum(1 for c in calls if c.status == 429)
        exact = set(delivered) == expected and duplicates == 0
        print(
            f"{engine:>8}: {len(delivered):>5} of {len(expected)} DMs delivered, "
            f"{duplicates} duplicates, {throttled} 429s waited out, {elapsed:6.1f} s, "
            f"{len(delivered) / elapsed:6.1f} DMs/s: {'OK' if exact else 'FAILED'}"
        )
        return exact


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="sqlite")
    parser.add_argument("--rate", type=float, default=100.0, help="the pacer's DMs per second")
    parser.add_argument("--workspace-rate", type=float, default=50.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    ok = [run(args.members, e, args.rate, args.workspace_rate) for e in engines]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
