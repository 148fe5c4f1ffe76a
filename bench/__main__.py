"""``python -m bench [--members N] [--clicks N] [--rounds N] [--engine sqlite|postgres|both]``.

poolgov runs as ``poolgov run --http`` in its own process and the floor in another, as in
production; ``--in-process`` serves both from threads of the bench's process instead (for
comparison: there they share one GIL with the 32 client threads and the fake Slack).

Each engine runs ``--rounds`` rounds (3): a fresh motion, the floor's burst, then poolgov's.
Prints, per round and as medians over the rounds, poolgov's and the floor's acks per second, ack
and click-to-receipt latency (p50/p99) and ballots recorded, then poolgov's median receipt p99 as
a multiple of the floor's against the targets (≤ 1.5x the floor; ack p99 < 300 ms). Exits
1 when a round's ballots recorded differ from the number of members or a click went unanswered
(correctness); speed targets are only reported.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bench.databases import ENGINES
from bench.report import EngineResult, table
from bench.votes import Options, run_engine

SERVED = {
    "process": "each in its own process",
    "in-process": "in the bench's process (--in-process)",
}


def parse(argv: Sequence[str] | None) -> tuple[Options, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Ballot-click burst against poolgov and a floor."
    )
    parser.add_argument("--members", type=int, default=Options.members)
    parser.add_argument("--clicks", type=int, default=Options.clicks)
    parser.add_argument("--concurrency", type=int, default=Options.concurrency)
    parser.add_argument(
        "--duplicates",
        type=float,
        default=Options.duplicate_share,
        help="share of the clicks that are exact re-deliveries (default 0.2)",
    )
    parser.add_argument("--seed", type=int, default=Options.seed)
    parser.add_argument(
        "--rounds",
        type=int,
        default=Options.rounds,
        help="bursts per engine, each on a fresh motion; the figures are their medians",
    )
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="serve poolgov and the floor from threads of the bench's own process (sharing its "
        "GIL with the load generator and the fake Slack) instead of their own processes",
    )
    args = parser.parse_args(argv)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    mode = "in-process" if args.in_process else "process"
    options = Options(
        args.members, args.clicks, args.concurrency, args.duplicates, args.seed, mode, args.rounds
    )
    return options, engines


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # waitress warns whenever requests queue for a thread, which a burst is meant to cause.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    options, engines = parse(argv)
    print(
        f"poolgov bench: {options.clicks} ballot clicks from {options.members} members "
        f"({options.duplicate_share:.0%} re-deliveries) over {options.concurrency} connections, "
        f"{options.rounds} rounds; poolgov and the floor {SERVED[options.mode]}"
    )
    results: list[EngineResult] = []
    for engine in engines:
        print(f"… {engine}", flush=True)
        results.append(run_engine(engine, options))
    print()
    print(table(results))
    wrong = [r.engine for r in results if not r.correct]
    if wrong:
        print(f"FAILED (correctness) on {', '.join(wrong)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
