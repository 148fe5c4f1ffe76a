"""The figures of one run and the table ``make bench`` prints, with the issue's targets."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bench.receipts import Matched
from bench.wire import Burst

#: p99 click-to-receipt within 1.5x the floor's on both engines; ack p99 under 300 ms.
RECEIPT_RATIO_TARGET = 1.5
ACK_P99_TARGET = 0.300


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Figures:
    """What one burst measured against one app."""

    label: str
    clicks: int
    acked: int  # HTTP 200 answers
    wall_seconds: float
    ack_p50: float
    ack_p99: float
    receipt_p50: float
    receipt_p99: float
    receipts_missing: int
    receipts_refused: int
    ballots: int | None  # counted ballots in the database (None: the floor has none)
    #: processor time the app's processes (and database backends) spent on the burst, from its
    #: first click to its last receipt (None: not measured; see bench/cpu.py)
    cpu_seconds: float | None = None

    @property
    def acks_per_second(self) -> float:
        return self.acked / self.wall_seconds if self.wall_seconds else math.nan

    @property
    def cpu_per_click(self) -> float:
        """Processor seconds per click delivered (NaN when not measured)."""
        if self.cpu_seconds is None or not self.clicks:
            return math.nan
        return self.cpu_seconds / self.clicks

    @property
    def answered(self) -> bool:
        """Every click acked 200 and answered with a receipt."""
        return self.acked == self.clicks and self.receipts_missing == 0 == self.receipts_refused


def figures(
    label: str,
    burst: Burst,
    matched: Matched,
    ballots: int | None,
    cpu_seconds: float | None = None,
) -> Figures:
    acks = [s.ack_seconds for s in burst.sent if s.status == 200]
    return Figures(
        label=label,
        clicks=len(burst.sent),
        acked=burst.acked,
        wall_seconds=burst.wall_seconds,
        ack_p50=percentile(acks, 50),
        ack_p99=percentile(acks, 99),
        receipt_p50=percentile(matched.latencies, 50),
        receipt_p99=percentile(matched.latencies, 99),
        receipts_missing=matched.missing,
        receipts_refused=matched.refused,
        ballots=ballots,
        cpu_seconds=cpu_seconds,
    )


@dataclass(frozen=True)
class Round:
    """One round: poolgov's burst on a fresh motion, and the floor's just before it."""

    poolgov: Figures
    floor: Figures


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def median_figures(label: str, runs: Sequence[Figures]) -> Figures:
    """Each timing the median of the rounds'; counts the worst round's (a miss is not averaged)."""
    ballots = [f.ballots for f in runs if f.ballots is not None]
    cpu = [f.cpu_seconds for f in runs if f.cpu_seconds is not None]
    return Figures(
        label=label,
        clicks=runs[0].clicks,
        acked=min(f.acked for f in runs),
        wall_seconds=median([f.wall_seconds for f in runs]),
        ack_p50=median([f.ack_p50 for f in runs]),
        ack_p99=median([f.ack_p99 for f in runs]),
        receipt_p50=median([f.receipt_p50 for f in runs]),
        receipt_p99=median([f.receipt_p99 for f in runs]),
        receipts_missing=max(f.receipts_missing for f in runs),
        receipts_refused=max(f.receipts_refused for f in runs),
        ballots=min(ballots) if ballots else None,
        cpu_seconds=median(cpu) if cpu else None,
    )


@dataclass(frozen=True)
class EngineResult:
    """poolgov on one engine over some rounds, each beside the floor measured just before it.

    ``poolgov`` and ``floor`` are the medians over the rounds: one burst's p99 is decided by its
    ten slowest clicks, so a single round swings with whatever else the machine did meanwhile.
    """

    engine: str
    rounds: Sequence[Round]
    members: int

    @property
    def poolgov(self) -> Figures:
        return median_figures(f"poolgov ({self.engine})", [r.poolgov for r in self.rounds])

    @property
    def floor(self) -> Figures:
        return median_figures(f"floor ({self.engine} run)", [r.floor for r in self.rounds])

    @property
    def receipt_ratio(self) -> float:
        return self.poolgov.receipt_p99 / self.floor.receipt_p99

    @property
    def cpu_ratio(self) -> float:
        """poolgov's processor time per click as a multiple of the floor's (NaN: not measured)."""
        return self.poolgov.cpu_per_click / self.floor.cpu_per_click

    @property
    def ratio_met(self) -> bool:
        return self.receipt_ratio <= RECEIPT_RATIO_TARGET

    @property
    def ack_met(self) -> bool:
        return self.poolgov.ack_p99 < ACK_P99_TARGET

    @property
    def correct(self) -> bool:
        """Every round recorded one ballot per member and answered every click."""
        return all(r.poolgov.ballots == self.members and r.poolgov.answered for r in self.rounds)


def _ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    first, *rest = cells
    return "  ".join(
        [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
    )


HEADER = (
    "run",
    "clicks",
    "acked",
    "acks/s",
    "ack p50",
    "ack p99",
    "receipt p50",
    "receipt p99",
    "no receipt",
    "ballots",
    "cpu/click",
)


def _cells(f: Figures, members: int) -> tuple[str, ...]:
    return (
        f.label,
        str(f.clicks),
        str(f.acked),
        f"{f.acks_per_second:.0f}",
        _ms(f.ack_p50),
        _ms(f.ack_p99),
        _ms(f.receipt_p50),
        _ms(f.receipt_p99),
        str(f.receipts_missing + f.receipts_refused),
        "—" if f.ballots is None else f"{f.ballots}/{members}",
        "—" if math.isnan(f.cpu_per_click) else f"{f.cpu_per_click * 1000:.2f} ms",
    )


def table(results: Sequence[EngineResult]) -> str:
    """Every round's rows, then each engine's medians and its verdict against the targets."""
    rows: list[tuple[str, ...]] = []
    for r in results:
        for n, one in enumerate(r.rounds, start=1):
            for f in (one.poolgov, one.floor):
                rows.append(_cells(replace(f, label=f"{f.label} #{n}"), r.members))
        for f in (r.poolgov, r.floor):
            rows.append(_cells(replace(f, label=f"{f.label} median"), r.members))
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = [_row(HEADER, widths), _row(["-" * w for w in widths], widths)]
    lines += [_row(row, widths) for row in rows]
    lines.append("")
    for r in results:
        lines.append(
            f"{r.engine}: receipt p99 {_ms(r.poolgov.receipt_p99)} vs floor "
            f"{_ms(r.floor.receipt_p99)} = {r.receipt_ratio:.2f}x "
            f"(median of {len(r.rounds)} rounds; "
            f"target ≤ {RECEIPT_RATIO_TARGET:g}x: {'met' if r.ratio_met else 'NOT met'}); "
            f"ack p99 {_ms(r.poolgov.ack_p99)} "
            f"(target < {ACK_P99_TARGET * 1000:.0f} ms: {'met' if r.ack_met else 'NOT met'}); "
            f"ballots {r.poolgov.ballots}/{r.members} (the fewest in any round) "
            f"({'correct' if r.correct else 'WRONG'})"
        )
        if not math.isnan(r.cpu_ratio):
            lines.append(
                f"{r.engine}: processor time per click {_ms2(r.poolgov.cpu_per_click)} "
                f"(server, ballot writer, database) vs floor {_ms2(r.floor.cpu_per_click)} "
                f"= {r.cpu_ratio:.2f}x (median of {len(r.rounds)} rounds)"
            )
    return "\n".join(lines)


def _ms2(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
