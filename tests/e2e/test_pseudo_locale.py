"""The pseudo-locale check every e2e test runs under (``pseudo_check`` in conftest): what
poolgov sends to the stand-in Slack is caught as it arrives, marked, then stored plain. These
tests show that the check catches an unmarked text and that the tests read plain text."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from slack_sdk import WebClient

from bot.i18n.speech import PSEUDO_CLOSE, PSEUDO_OPEN
from tests.e2e.conftest import Harness
from tests.e2e.flows import eventually, pool_says
from tests.e2e.pool import ACME, GOVERNANCE
from tests.e2e.pseudo import PseudoCheck, typed_in, unmarked_part

FORM = "application/x-www-form-urlencoded"


def test_a_text_that_bypasses_the_catalog_is_reported(
    pseudo_check: PseudoCheck, pool: Harness
) -> None:
    client = WebClient(token=pool.fake.bot_token, base_url=pool.fake.api_url)
    client.chat_postMessage(channel=GOVERNANCE, text=f"{PSEUDO_OPEN}Motion adopted{PSEUDO_CLOSE}")
    client.chat_postMessage(channel=GOVERNANCE, text="Motion adopted by Ann Acme on 2027-01-05")
    client.chat_postEphemeral(channel=GOVERNANCE, user=ACME, text="Your vote was recorded")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Status:* open"}}]
    client.chat_postMessage(channel=GOVERNANCE, text=f"{PSEUDO_OPEN}x{PSEUDO_CLOSE}", blocks=blocks)

    found = [(v.method, v.left) for v in pseudo_check.violations()]
    assert found == [
        ("chat.postMessage", "Motion adopted by on"),  # the name and the date are data
        ("chat.postEphemeral", "Your vote was recorded"),
        ("chat.postMessage", "Status open"),
    ]
    # stored without the markers: what the tests read is plain
    assert pool.fake.messages(GOVERNANCE)[0].text == "Motion adopted"
    pseudo_check.forget()
    assert pseudo_check.violations() == []


def test_poolgov_speaks_marked_and_the_tests_read_it_plain(
    pseudo_check: PseudoCheck, pool: Harness
) -> None:
    pool_says(pool, ACME, "help")
    (help_text,) = eventually(lambda: pool.fake.ephemerals(ACME))
    shown = f"{help_text.text} {help_text.blocks}"
    assert PSEUDO_OPEN not in shown
    assert "/pool" in shown
    sent = [s for s in pseudo_check.sent if s.method in {"chat.postEphemeral", "response_url"}]
    assert sent
    assert all(PSEUDO_OPEN in str(s.params.get("text")) for s in sent)
    assert pseudo_check.violations() == []


def test_what_people_typed_is_data_but_words_around_it_are_not() -> None:
    data = ["Renew the licensing programme"]
    assert (
        unmarked_part(f"{PSEUDO_OPEN}Added:{PSEUDO_CLOSE} Renew the licensing programme", data)
        == ""
    )
    assert unmarked_part("Added: Renew the licensing programme", data) == "Added"


def test_what_people_typed_is_collected_but_not_poolgovs_own_texts_sent_back() -> None:
    command = urlencode({"command": "/motion", "text": "withdraw 3 Superseded by March"}).encode()
    assert "Superseded by March" in set(typed_in(FORM, command))
    submission = {
        "type": "view_submission",
        "view": {
            "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "Title"}}],
            "state": {
                "values": {"title": {"title": {"type": "plain_text_input", "value": "Logo"}}}
            },
        },
    }
    typed = set(typed_in(FORM, urlencode({"payload": json.dumps(submission)}).encode()))
    assert "Logo" in typed
    assert "Title" not in typed  # the label poolgov sent is not data
