"""The replay turns entries into the rows they describe, with no database."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from bot.charter_file import load_charter
from governance.services.results import receipt_for
from storage.audit.chain import Entry, canonical_json
from storage.record.register import text_hash
from storage.record.replay import Replay
from tests.integration.charters import charter_text

AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CHARTER = charter_text(2)


def entry(seq: int, kind: str, data: dict[str, Any], at: datetime = AT) -> Entry:
    body = canonical_json({"kind": kind, "at": at.isoformat(), "data": data})
    return Entry(seq, f"{seq:064x}", f"{seq + 1:064x}", body)


def register(member_id: str, patents: int) -> dict[str, Any]:
    return {
        "id": member_id,
        "name": member_id.title(),
        "patents": patents,
        "contribution": "1/2",
        "representatives": [f"U0{member_id.upper()}1"],
    }


def opened(seq: int, **extra: Any) -> Entry:
    data = {
        "motion_id": "1",
        "kind": "general",
        "title": "Be it resolved",
        "text": "…",
        "payload": {"kind": "general"},
        "opened_by": "U0OPS",
        "closes_at": "2027-03-08T09:00:00+00:00",
        "charter_version": 1,
        "electorate": ["acme", "beta"],
        "recused": [],
        "weights": {"acme": "1/3", "beta": "2/3"},
        **extra,
    }
    return entry(seq, "motion_opened", data)


def initialised() -> Entry:
    data = {
        "charter_version": 1,
        "charter_hash": text_hash(CHARTER),
        "register": [register("acme", 10), register("beta", 20)],
    }
    return entry(1, "pool_initialised", data)


def test_a_motion_shown_entry_sets_the_deadline_and_the_shown_time():
    replay = Replay(has_shown_at=True)
    replay.feed(initialised())
    replay.feed(opened(2, rules={"secret": False}))
    shown = {
        "motion_id": "1",
        "shown_at": "2027-03-02T10:00:00+00:00",
        "closes_at": "2027-03-09T10:00:00+00:00",
        "channel": "C0VOTES",
    }
    replay.feed(entry(3, "motion_shown", shown))

    row = replay.motions.motions[1].row
    assert row.values["shown_at"] == datetime(2027, 3, 2, 10, 0, tzinfo=UTC)
    assert row.values["closes_at"] == datetime(2027, 3, 9, 10, 0, tzinfo=UTC)
    assert row.sources["closes_at"] == row.sources["shown_at"] == 3
    assert replay.unreadable == []


def test_without_a_shown_at_column_only_the_deadline_moves():
    replay = Replay(has_shown_at=False)
    replay.feed(initialised())
    replay.feed(opened(2, rules={"secret": False}))
    shown = {"motion_id": "1", "shown_at": "2027-03-02T10:00:00+00:00"}
    replay.feed(entry(3, "motion_shown", shown | {"closes_at": "2027-03-09T10:00:00+00:00"}))

    row = replay.motions.motions[1].row
    assert row.values["shown_at"] is None
    assert row.values["closes_at"] == datetime(2027, 3, 9, 10, 0, tzinfo=UTC)


def test_an_older_opening_without_rules_gets_them_from_the_charter_text_the_chain_hashed():
    replay = Replay(load_charter, {1: CHARTER})
    replay.feed(initialised())
    replay.feed(opened(2))

    rules = replay.motions.motions[1].row.values["rules"]
    assert rules["allow_change"] is False  # charters.py: general: {allow_change: false}
    assert replay.motions.underived == []


def test_a_charter_text_that_is_not_the_one_the_chain_hashed_gives_no_rules():
    replay = Replay(load_charter, {1: CHARTER + "# edited\n"})
    replay.feed(initialised())
    replay.feed(opened(2))

    assert "rules" not in replay.motions.motions[1].row.values
    assert replay.motions.underived == [1]


def test_the_frozen_electorate_is_the_register_replayed_up_to_the_opening():
    replay = Replay()
    replay.feed(initialised())
    update = {"member": register("beta", 25) | {"representatives": ["U0BETA2"]}, "by": "U0OPS"}
    replay.feed(entry(2, "member_updated", update))
    replay.feed(opened(3, rules={}))

    beta = replay.motions.motions[1].electorate["beta"].values
    assert (beta["position"], beta["patents"], beta["weight"]) == (1, 25, Fraction(2, 3))
    assert beta["representatives"] == ["U0BETA2"]
    seats = replay.register.memberships[1].representatives
    assert [(s.user, s.row.values["removed_at"]) for s in seats] == [
        ("U0BETA1", AT),
        ("U0BETA2", None),
    ]


def test_a_changed_vote_supersedes_the_counted_ballot_at_its_own_instant():
    replay = Replay()
    later = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    cast = {"motion_id": "1", "member_id": "acme", "cast_by": "U0ACME1", "request_key": "k"}
    replay.feed(entry(5, "ballot_cast", cast | {"choice": "no"}))
    replay.feed(entry(6, "ballot_changed", cast | {"choice": "yes", "request_key": "k2"}, later))

    first, second = replay.ballots.ballots[(1, "acme", 5)], replay.ballots.ballots[(1, "acme", 6)]
    assert (first.values["superseded_at"], first.sources["superseded_at"]) == (later, 6)
    assert second.values["superseded_at"] is None
    assert second.values["receipt"] == receipt_for(f"{7:064x}")  # entry 6's hash, as written


def test_an_entry_lacking_what_its_kind_needs_is_listed_not_raised():
    replay = Replay()
    replay.feed(entry(1, "motion_opened", {"motion_id": "1"}))

    assert [seq for seq, _ in replay.unreadable] == [1]
    assert replay.motions.motions == {}


def test_an_opening_that_waits_for_its_post_has_no_shown_time_until_it_is_shown():
    replay = Replay(has_shown_at=True)
    replay.feed(initialised())
    replay.feed(opened(2, rules={"secret": False}, shown_at=None))
    assert replay.motions.motions[1].row.values["shown_at"] is None
    shown = {"motion_id": "1", "shown_at": "2027-03-05T10:00:00+00:00", "channel": "C0VOTES"}
    replay.feed(entry(3, "motion_shown", shown | {"closes_at": "2027-03-12T10:00:00+00:00"}))
    assert replay.motions.motions[1].row.values["shown_at"] == datetime(2027, 3, 5, 10, tzinfo=UTC)


def test_an_opening_older_than_the_outbox_was_shown_as_it_opened():
    replay = Replay(has_shown_at=True)
    replay.feed(initialised())
    older = opened(2, rules={"secret": False})
    replay.feed(older)
    row = replay.motions.motions[1].row
    assert row.values["shown_at"] == row.values["opened_at"]
    assert row.values["shown_at"] is not None
