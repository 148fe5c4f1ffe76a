"""The expected ballots, kept as a list in chain order, are the rows a plain model of the chain
gives: one row per ballot entry keyed by (motion, member, entry), the counted ballot of a member
superseded by the next one at its instant, each receipt and older short receipt from the hash
(whatever its case: a hash in upper case, or whose first digits are all numerals)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.services.results import receipt_for
from storage.driver import stored_instant
from storage.record.ballots import BallotReplay

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

Ballot = tuple[int, str, str, int]  # motion, member, choice, minutes after START


def model(ballots: list[Ballot], hashes: list[str]) -> tuple[dict[Any, Any], dict[Any, str]]:
    """Every ballot's expected values and sources, and its short receipt, by its key."""
    values: dict[Any, dict[str, Any]] = {}
    sources: dict[Any, int] = {}
    counted: dict[tuple[int, str], Any] = {}
    for seq, ((motion, member, choice, minutes), h) in enumerate(
        zip(ballots, hashes, strict=True), 1
    ):
        at = START + timedelta(minutes=minutes)
        if (motion, member) in counted:
            before = counted[(motion, member)]
            values[before]["superseded_at"] = at
            sources[before] = seq
        key = (motion, member, seq)
        values[key] = {
            "choice": choice,
            "cast_by": f"U{member}",
            "cast_at": at,
            "superseded_at": None,
            "request_key": f"r{seq}",
            "receipt": receipt_for(h),
        }
        counted[(motion, member)] = key
    # an older receipt: the hash's first 12 digits as the entry wrote them
    short = {key: f"{h[0:4]}-{h[4:8]}-{h[8:12]}" for key, h in zip(values, hashes, strict=True)}
    return {k: (v, sources.get(k, k[2])) for k, v in values.items()}, short


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),
            st.sampled_from(["acme", "beta", "gamma"]),
            st.sampled_from(["yes", "no", "abstain"]),
            st.integers(0, 4),
        ),
        max_size=12,
    ),
    st.data(),
    st.booleans(),
)
def test_the_rows_in_chain_order_are_the_chain_s_ballots(ballots, data, driver_form):
    digits = st.sampled_from("0123456789abcdefABCDEF")
    hashes = [data.draw(st.text(digits, min_size=64, max_size=64)) for _ in ballots]
    replay = BallotReplay(stored_instant if driver_form else None)
    for seq, ((motion, member, choice, minutes), h) in enumerate(
        zip(ballots, hashes, strict=True), 1
    ):
        at = replay.row_instant(START + timedelta(minutes=minutes))
        replay.ballot(seq, h, at, motion, member, choice, f"U{member}", f"r{seq}")
    expected, short = model(ballots, hashes)
    got = replay.ballots
    assert list(got) == list(expected)  # chain order
    for key, ballot in got.items():
        values, superseded_by = expected[key]
        assert ballot.values == values
        assert ballot.sources["superseded_at"] == superseded_by
    assert replay.short_receipts() == short
    assert [row[:3] for row in replay.rows] == list(expected)
