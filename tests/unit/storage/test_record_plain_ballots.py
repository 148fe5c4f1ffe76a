"""A ballot entry read by its one match (:func:`storage.record.ballots.match_plain_ballot`) replays
exactly as the same entry read as JSON, and an entry the match does not fit is read as JSON: the
row, the receipt and what is unreadable are the same either way."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.audit.chain import Entry, canonical_json
from storage.record.ballots import BallotReplay, match_plain_ballot
from storage.record.fact import Fact
from storage.record.replay import Replay

HASH = "ab" * 32


def ballot_body(**data: Any) -> str:
    values = {
        "cast_by": "U0ACME1",
        "choice": "yes",
        "member_id": "acme",
        "motion_id": "1",
        "replaces_audit_seq": None,
        "request_key": "r-1",
    } | data
    kind = data.pop("kind", None) or "ballot_cast"
    values.pop("kind", None)
    return canonical_json({"kind": kind, "at": "2027-03-01T09:00:00+00:00", "data": values})


def by_json(bodies: list[str]) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    """The rows and the unreadable entries, every body read as JSON (no match tried)."""
    ballots, unreadable = BallotReplay(), []
    for seq, body in enumerate(bodies, 1):
        try:
            fact = Fact.of(Entry(seq, "00" * 32, HASH[:-4] + f"{seq:04x}", body))
            if fact.kind in ("ballot_cast", "ballot_changed"):
                ballots.cast(fact)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            unreadable.append((seq, f"{type(error).__name__}: {error}"))
    return ballots.rows, unreadable


def replayed(bodies: list[str]) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    replay = Replay()
    rows = [
        (seq, "00" * 32, HASH[:-4] + f"{seq:04x}", body, 2) for seq, body in enumerate(bodies, 1)
    ]
    assert list(replay.observe_rows(rows)) == rows
    assert replay.entries == len(rows)
    return replay.ballots.rows, replay.unreadable


def test_a_ballot_as_the_chain_writes_it_is_read_by_the_match() -> None:
    assert match_plain_ballot(ballot_body()) is not None
    assert match_plain_ballot(ballot_body(kind="ballot_changed", replaces_audit_seq=7))


def test_any_other_shape_is_left_to_the_json_reader() -> None:
    others = [
        ballot_body(proxy_id=3),  # a proxy's ballot: the proxies replay reads it too
        ballot_body(member_id='a"b'),  # an escaped quote
        ballot_body(member_id="a\\b"),
        ballot_body(member_id="a\nb"),  # a control character, escaped by the writer
        ballot_body(motion_id=1),  # a number where the chain writes text
        ballot_body(motion_id="1x"),
        ballot_body(replaces_audit_seq="7"),
        ballot_body(cast_by=None),
        ballot_body(kind="ballot_withdrawn"),
        ballot_body(kind="member_updated"),
        ballot_body().replace(":", ": ", 1),  # not canonical
        ballot_body().replace('"replaces_audit_seq":null', '"replaces_audit_seq":07'),
        ballot_body() + " ",
    ]
    for body in others:
        assert match_plain_ballot(body) is None, body


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "cast_by": st.text(max_size=6) | st.none(),
                "choice": st.sampled_from(["yes", "no", "abstain", "Yes", ""]),
                "member_id": st.sampled_from(["acme", "beta", 'q"t', "", "成员"]),
                "motion_id": st.sampled_from(["1", "2", "01", "1_0", " 1", 1, "x"]),
                "replaces_audit_seq": st.none() | st.integers(-2, 20),
                "request_key": st.text(max_size=6) | st.none(),
                "kind": st.sampled_from(["ballot_cast", "ballot_changed"]),
            },
            optional={"proxy_id": st.integers(1, 3)},
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from(["", "T", "Z", "+08:00", ".5"]), min_size=8, max_size=8),
)
def test_the_match_reads_every_ballot_as_json_would(
    ballots: list[dict[str, Any]], twists: list[str]
) -> None:
    bodies = []
    for data, twist in zip(ballots, twists, strict=False):
        body = ballot_body(**data)
        if twist:  # an instant written another way, or not an instant at all
            at = json.loads(body)["at"]
            body = body.replace(at, at.replace("+00:00", twist) if twist != "T" else "T")
        bodies.append(body)
    assert replayed(bodies) == by_json(bodies)
