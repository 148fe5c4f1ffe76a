"""What the full-size fuzz found, kept as plain cases on both engines: each answered as the issue
asks (200 with words, or 400 for an envelope Slack would not send), with no traceback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.signed_edge import MAX_BODY
from tests.e2e.pool import ACME, GOVERNANCE, OPERATOR
from tests.fuzz.envelopes import Envelope, envelopes
from tests.fuzz.harness import Fuzz
from tests.fuzz.strategies import BUTTONS

OK = frozenset({200})
MALFORMED = frozenset({400})


def _kind(fuzz: Fuzz, name: str) -> Envelope:
    seed = fuzz.seed
    assert seed is not None
    (found,) = [e for e in envelopes(fuzz.fake, seed.ts, BUTTONS) if e.name == name]
    return found


def _told(fuzz: Fuzz, user: str, since: int) -> list[str]:
    return [e.text for e in fuzz.fake.ephemerals(user)[since:]]


@pytest.mark.parametrize(
    ("user", "command", "text"),
    [
        (ACME, "/agenda", "add x\x00y"),
        (OPERATOR, "/meeting", "add nulmeet 2027-01-05T10:00 1h title\x00nul"),
        (ACME, "/agenda", "add bell\x07 and escape\x1b[31m"),
        (OPERATOR, "/motion", "withdraw 1\x00"),
    ],
)
def test_control_characters_in_stored_text_are_refused_in_words_on_both_engines(
    fuzz: Fuzz, user: str, command: str, text: str
) -> None:
    before = len(fuzz.fake.ephemerals(user))
    fuzz.send(lambda: fuzz.slack.slash_command(user, command, text), OK, (command, text))
    told = _told(fuzz, user, before)
    assert told, "the person is answered"
    assert any("control character" in t for t in told), told
    fuzz.finish()


@pytest.mark.parametrize(
    "change",
    [
        {"type": None},
        {"type": "²"},
        {"type": 7},
        {"callback_id": None},
    ],
    ids=["type missing", "type junk", "type a number", "callback_id missing"],
)
def test_a_view_submission_slack_would_not_send_is_400(fuzz: Fuzz, change: dict[str, Any]) -> None:
    envelope = _kind(fuzz, "motion_pick")
    content = envelope.fresh(fuzz.fake)
    for key, value in change.items():
        if value is None:
            content["view"].pop(key, None)
        else:
            content["view"][key] = value
    body, content_type = envelope.body(content)
    fuzz.send(lambda: fuzz.slack.post(body, content_type), MALFORMED, content)
    fuzz.finish()


@pytest.mark.parametrize("name", ["/pool", "/motion"])
@pytest.mark.parametrize(
    "change",
    [
        {"response_url": None},
        {"response_url": ["https://hooks.slack.com/x"]},
        {"trigger_id": None},
        {"trigger_id": 7},
    ],
    ids=lambda change: ",".join(f"{k}={v!r}" for k, v in change.items()),
)
def test_a_slash_form_without_its_trigger_id_or_response_url_is_400(
    fuzz: Fuzz, name: str, change: dict[str, Any]
) -> None:
    envelope = _kind(fuzz, name)
    content = envelope.fresh(fuzz.fake)
    for key, value in change.items():
        if value is None:
            content.pop(key, None)
        else:
            content[key] = value
    body, content_type = envelope.body(content)
    fuzz.send(lambda: fuzz.slack.post(body, content_type), MALFORMED, content)
    fuzz.finish()


@pytest.mark.parametrize("action", ["meeting_not_attending", "meeting_attending", "ballot_yes"])
def test_a_click_on_a_message_without_its_response_url_is_400(fuzz: Fuzz, action: str) -> None:
    envelope = _kind(fuzz, action)
    content = envelope.fresh(fuzz.fake)
    content.pop("response_url", None)
    content["actions"][0]["value"] = "1"  # not a meeting key: the refusal had nowhere to go
    body, content_type = envelope.body(content)
    fuzz.send(lambda: fuzz.slack.post(body, content_type), MALFORMED, json.dumps(content)[:200])
    fuzz.finish()


@pytest.mark.parametrize("action", ["meeting_not_attending", "meeting_attending"])
def test_a_refusal_on_a_click_is_told_ephemerally(fuzz: Fuzz, action: str) -> None:
    envelope = _kind(fuzz, action)
    content = envelope.fresh(fuzz.fake)
    content["actions"][0]["value"] = "1"  # not a meeting key
    content["response_url"] = fuzz.fake.new_response_url(user=ACME, channel=GOVERNANCE)
    body, content_type = envelope.body(content)
    before = len(fuzz.fake.ephemerals())
    fuzz.send(lambda: fuzz.slack.post(body, content_type), OK, json.dumps(content)[:200])
    told = [e.text for e in fuzz.fake.ephemerals()[before:]]
    assert any("is not a meeting key" in t for t in told), told
    fuzz.finish()


def test_a_body_over_the_edges_limit_is_413_and_only_such_a_body(fuzz: Fuzz) -> None:
    over = "x" * (MAX_BODY + 1)
    answer = fuzz.send(lambda: fuzz.slack.slash_command(ACME, "/agenda", over), OK, "over")
    assert answer.status == 413
    under = "x" * (MAX_BODY // 4)  # a long text within the limit is answered in words
    answer = fuzz.send(lambda: fuzz.slack.slash_command(ACME, "/agenda", under), OK, "under")
    assert answer.status == 200
    fuzz.finish()
