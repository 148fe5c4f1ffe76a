"""The bench harness (``make bench``) at toy size, so its code cannot rot between benchmark runs."""

from __future__ import annotations

from bench.report import table
from bench.votes import Options, run_engine


def test_a_small_burst_records_one_ballot_per_member_and_answers_every_click() -> None:
    result = run_engine("sqlite", Options(members=20, clicks=40, concurrency=8))

    for figures in (result.poolgov, result.floor):
        assert figures.clicks == 40
        assert figures.acked == 40, figures
        assert figures.receipts_missing == 0, figures
        assert figures.receipts_refused == 0, figures
    assert result.poolgov.ballots == 20
    assert result.correct
    assert "poolgov (sqlite)" in table([result])
