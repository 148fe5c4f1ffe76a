"""The bench harness (``make bench``) at toy size, so its code cannot rot between benchmark runs."""

from __future__ import annotations

import pytest

from bench import chain as chain_bench
from bench import scale as scale_bench
from bench.report import table
from bench.votes import MODES, Options, run_engine

#: the bench measures a floor app beside poolgov whose answers are its own yardstick texts
pytestmark = pytest.mark.plain_locale("the bench floor app speaks outside the catalog")


@pytest.mark.parametrize("mode", MODES)
def test_a_small_burst_records_one_ballot_per_member_and_answers_every_click(mode: str) -> None:
    result = run_engine(
        "sqlite", Options(members=20, clicks=40, concurrency=8, mode=mode, rounds=2)
    )

    assert len(result.rounds) == 2
    assert [r.poolgov.ballots for r in result.rounds] == [20, 20]  # each round a fresh motion
    for figures in (result.poolgov, result.floor, *(r.floor for r in result.rounds)):
        assert figures.clicks == 40
        assert figures.acked == 40, figures
        assert figures.receipts_missing == 0, figures
        assert figures.receipts_refused == 0, figures
    assert result.poolgov.ballots == 20
    assert result.correct
    printed = table([result])
    assert "poolgov (sqlite) #2" in printed
    assert "poolgov (sqlite) median" in printed
    if mode == "process":  # each app's processes are its own: their processor time is counted
        for figures in (*(r.poolgov for r in result.rounds), *(r.floor for r in result.rounds)):
            assert figures.cpu_seconds is not None, figures
            assert figures.cpu_seconds > 0, figures
        assert "processor time per click" in printed
    else:  # one process serves both: nothing to tell them apart by
        assert result.poolgov.cpu_seconds is None
        assert "processor time per click" not in printed


def test_the_record_cost_bench_records_every_ballot_in_every_round_and_reports_the_ratio() -> None:
    rounds = chain_bench.run_engine("sqlite", members=12, batch=5, rounds=2)

    assert [(r.label, r.ballots) for r in rounds] == [("floor", 12), ("poolgov", 12)] * 2
    text, correct, ratio = chain_bench.report("sqlite", rounds, 12)
    assert correct
    assert ratio > 0
    assert "median µs/ballot" in text


def test_the_scale_bench_prints_every_figure_beside_its_floor() -> None:
    result = scale_bench.run_engine("sqlite", 12, 9, 40, starts=1, idle_seconds=0.0)

    assert result.problems == []
    names = [f.name for f in result.figures]
    assert names == [
        "charter load",
        "first start",
        "close to result",
        "export + tally --json",
        "audit verify",
        "idle PSS",
        "start-up",
    ]
    assert all(f.ours > 0 and f.floor > 0 for f in result.figures), result.figures
    idle = result.figures[5]
    assert "2 processes" in idle.note  # poolgov run and its ballot writer, nothing else
    printed = scale_bench.report(result)
    assert "target ≤ 3x" in printed
