"""The pseudo-locale check tells marked messages and data from text that bypassed the catalog."""

from __future__ import annotations

import json

from bot.sandbox import ApiCall
from tests.e2e.pseudo import unmarked, unmarked_part

DATA = ["Acme Corp", "Adopt the 2027 budget", "R&D <Lab>"]


def call(method: str, **params: object) -> ApiCall:
    return ApiCall(1, method, params, 200, True, None, 0.0)


def test_marked_messages_and_data_pass() -> None:
    assert unmarked_part("⟦Your vote is recorded: *yes* for Acme Corp on motion M-1.⟧", DATA) == ""
    assert unmarked_part("⟦Motion {} ⟦carried⟧⟧: Adopt the 2027 budget", DATA) == ""
    assert unmarked_part("<@U0ACME1> *M-2027-001* 66.7% · 2027-01-05 10:00 :lock:", DATA) == ""
    assert unmarked_part("• R&amp;D &lt;Lab&gt;: ⟦*yes*⟧", DATA) == ""
    assert unmarked_part("⟦A long message cut short at the lim…", DATA) == ""


def test_text_that_bypassed_the_catalog_is_caught() -> None:
    assert unmarked_part("Motion M-1 carried", DATA) == "Motion carried"
    assert unmarked_part("⟦Quorum⟧ met", DATA) == "met"
    assert unmarked_part("会议提醒", DATA) == "会议提醒"


def test_every_text_object_of_a_view_or_message_is_read() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "⟦Motion⟧"},
        "submit": {"type": "plain_text", "text": "Open the vote"},
        "blocks": [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "⟦Title⟧"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "title",
                    "placeholder": {"type": "plain_text", "text": "e.g. budget"},
                },
            },
        ],
        "private_metadata": "not read by anyone",
    }
    found = unmarked(
        [
            call("views.open", view=json.dumps(view)),
            call(
                "chat.postMessage",
                text="⟦Hi⟧",
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "Yes"}}],
            ),
            call("users.info", user="U0ACME1"),
        ],
        DATA,
    )
    assert [(f.method, f.left) for f in found] == [
        ("views.open", "Open the vote"),
        ("views.open", "e g budget"),
        ("chat.postMessage", "Yes"),
    ]
