"""Hostile input through signed HTTP: every refusal answered in words, acked in time, no traceback,
nothing written, and the same on SQLite and PostgreSQL (storage's limits are checked first)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping

import pytest
from sqlalchemy import create_engine, text

from bot.sandbox.driver import DriverResponse
from tests.e2e.conftest import Harness
from tests.e2e.flows import eventually, open_motion, submit_draft, vote
from tests.e2e.pool import ACME, BETA, GOVERNANCE, OPERATOR, SUPERVISOR

ACK_WITHIN = 3.0


def replies(h: Harness) -> list[str]:
    """What people were told in ephemerals (responses to commands and clicks included)."""
    return [e.text for e in h.fake.ephemerals()]


def told(h: Harness, needle: str) -> str:
    found: list[str] = eventually(lambda: [r for r in replies(h) if needle in r])
    return found[-1]


def faults(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def timed(call: DriverResponse, started: float) -> DriverResponse:
    assert call.status == 200, call.text
    assert time.monotonic() - started < ACK_WITHIN
    return call


def command(h: Harness, user: str, name: str, words: str) -> DriverResponse:
    return timed(h.slack.slash_command(user, name, words), time.monotonic())


def rows(h: Harness, table: str) -> int:
    engine = create_engine(h.settings.database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_commands_with_hostile_arguments_are_refused_in_words_alike_on_both_engines(
    any_pool: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = any_pool
    cases = [
        (OPERATOR, "/motion", "withdraw ²", "Write a motion number in the digits 0-9"),
        (OPERATOR, "/motion", "withdraw 99999999999", "A motion number is at most 2147483647"),
        (OPERATOR, "/motion", "withdraw 1 " + "r" * 1001, "A reason is at most 1000 characters"),
        (OPERATOR, "/motion", "<!channel>", "is not a kind of motion"),
        (SUPERVISOR, "/complaint", "show ²", "Write a complaint number in the digits 0-9"),
        (SUPERVISOR, "/complaint", "show 2147483648", "A complaint number is at most"),
        (OPERATOR, "/meeting", "add x 9999-12-31T23:59", "is too far from today"),
        (OPERATOR, "/meeting", "add x 0001-01-01T00:00", "is not a time"),
        (OPERATOR, "/meeting", "add x ２０２７-02-01T10:00", "is not a time"),
        (OPERATOR, "/meeting", "add x 2027-02-01T10:00 999999999d", "is too long for a meeting"),
        (OPERATOR, "/meeting", "add " + "m" * 65 + " 2027-02-01T10:00", "is not a meeting id"),
        (OPERATOR, "/meeting", "add x@y 2027-02-01T10:00", "is not a meeting id"),
        (
            OPERATOR,
            "/meeting",
            "add extra 2027-02-01T10:00 1h " + "t" * 201,
            "A meeting's title is at most 200 characters",
        ),
        (OPERATOR, "/meeting", "move assembly@9999-12-31T23:59 2027-02-01T10:00", "No meeting"),
        (OPERATOR, "/meeting", "cancel " + "k" * 40000, "is not a meeting key"),
        (ACME, "/agenda", "add " + "a" * 40000, "An agenda item is at most 1000 characters"),
        (ACME, "/pool", "receipt " + "9" * 40000, "A receipt is at most 64 characters"),
        (ACME, "/pool", "\u202e\u0000<!here>", "control character (U+0000)"),
        (ACME, "/pool", "\u202e<!here>", "is unknown"),
    ]
    for user, name, words, needle in cases:
        command(h, user, name, words)
        answer = told(h, needle)
        assert "<!" not in answer, answer
        assert len(answer) < 600, answer
    assert faults(caplog) == []
    assert rows(h, "meeting_overrides") == 0
    assert rows(h, "motions") == 0

    # the limits are storage's own: at them, PostgreSQL stores what SQLite stores
    command(h, OPERATOR, "/meeting", f"add {'m' * 64} 2027-02-01T10:00 1h {'t' * 200}")
    told(h, "Added `" + "m" * 64)
    assert rows(h, "meeting_overrides") == 1
    assert faults(caplog) == []


def test_a_malformed_ballot_is_refused_before_it_joins_a_batch(
    pool: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    for value in ["²", "99999999999", "", "1 OR 1=1", "<@U0OPS1>"]:
        h.slack.click(BETA, "ballot_yes", value, message_ts=message.ts, channel=GOVERNANCE)
    assert timed(vote(h, ACME, message, "yes"), time.monotonic()).status == 200
    told(h, "Your vote is recorded: *yes* for Acme Corp")
    assert len([r for r in replies(h) if "This button does not name a motion" in r]) == 5
    assert [r for r in caplog.records if "casting each alone" in r.getMessage()] == []
    assert faults(caplog) == []
    assert rows(h, "ballots") == 1


def _draft_errors(
    h: Harness, kind: str, fields: Mapping[str, object], period: str = "7d"
) -> dict[str, str]:
    started = time.monotonic()
    answer = timed(submit_draft(h, kind, fields, period=period), started)
    body = answer.json()
    assert body["response_action"] == "errors"
    return dict(body["errors"])


def test_a_draft_beyond_its_fields_limits_is_answered_on_its_fields(
    any_pool: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = any_pool
    general = {"title": "Budget", "text": "Resolved."}
    assert "voting_period" in _draft_errors(h, "general", general, period="999999999d")
    assert "too long" in _draft_errors(h, "general", general, period="999999999d")["voting_period"]
    errors = _draft_errors(h, "general", {"title": "T" * 151, "text": "x" * 3001})
    assert errors == {"title": "At most 150 characters, please.", "text": errors["text"]}
    admission = {
        "applicant_id": "newco",
        "applicant_name": "N" * 201,
        "patents": "²",
        "contribution": "1e999999999",
        "representatives": {"type": "multi_users_select", "selected_users": ["U0NEWCO1"]},
    }
    errors = _draft_errors(h, "admission", {"title": "Admit", **admission})
    assert set(errors) == {"applicant_name", "patents", "contribution"}
    fee = {
        "title": "Fee",
        "product_category": "decoders",
        "proposed_royalty": "r" * 201,
        "effective_date": {"type": "datepicker", "selected_date": "9999-12-31"},
        **{f"basis.{name}": "because" for name in _basis()},
    }
    errors = _draft_errors(h, "fee_change", fee)
    assert set(errors) == {"proposed_royalty", "effective_date"}
    assert faults(caplog) == []
    assert rows(h, "motions") == 0


def _basis() -> list[str]:
    from dataclasses import fields

    from governance.kinds import PricingBasis

    return [item.name for item in fields(PricingBasis)]


def test_a_form_whose_metadata_poolgov_did_not_write_is_answered_on_its_field(
    pool: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = pool
    for metadata in ["{", "[]", json.dumps({"kind": "nonsense"}), json.dumps({"kind": 3})]:
        values = {"title": {"value": "Budget"}, "voting_period": {"value": "7d"}}
        started = time.monotonic()
        answer = timed(h.slack.submit_view(OPERATOR, "motion_draft", values, metadata), started)
        assert answer.json()["response_action"] == "errors"
        assert "out of date" in answer.json()["errors"]["title"]
    for callback in ["complaint_answer", "complaint_reject", "complaint_motion"]:
        values = {"text": {"value": "x"}, "title": {"value": "y"}}
        started = time.monotonic()
        answer = timed(h.slack.submit_view(SUPERVISOR, callback, values, "²"), started)
        assert answer.json()["response_action"] == "errors", callback
        assert "out of date" in str(answer.json()["errors"])
    assert faults(caplog) == []
    assert rows(h, "motions") == 0
