"""Control characters in what people type are refused alike on every engine; a refusal always
finds its way to the person; a spent trigger is the person's to retry, not a fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.arguments import record_id, within
from bot.slack.meeting_words import meeting_key, words
from bot.slack.mrkdwn import Mrkdwn, md
from bot.slack.payloads.text import control_character
from bot.slack.replies import FAULT, TRIGGER_SPENT, Refusal, explain, tell
from governance.errors import NotAuthorised
from tests.mrkdwn_audit import unsafe_tokens


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x\x00y", "U+0000"),
        ("bell\x07", "U+0007"),
        ("\x1b[31m", "U+001B"),
        ("del\x7f", "U+007F"),
        ("c1\x85", "U+0085"),
        ("lone \ud800", "U+D800"),
    ],
)
def test_a_control_character_is_named(text: str, code: str) -> None:
    assert control_character(text) == code


@pytest.mark.parametrize("text", ["", "tab\tand\nnew lines\r\n", "² ١٢٣ Ⅻ \u200f emoji 🎉"])
def test_text_people_type_every_day_passes(text: str) -> None:
    assert control_character(text) is None


class Client:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def chat_postEphemeral(self, **kwargs: Any) -> None:  # noqa: N802 - slack_sdk's name
        self.calls.append(("chat.postEphemeral", kwargs))

    def chat_postMessage(self, **kwargs: Any) -> None:  # noqa: N802
        self.calls.append(("chat.postMessage", kwargs))


class Respond:
    def __init__(self, response_url: str | None) -> None:
        self.response_url = response_url
        self.said: list[str] = []

    def __call__(self, **kwargs: Any) -> None:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        self.said.append(kwargs["text"])


def test_a_refusal_with_nowhere_to_respond_goes_by_chat_post_ephemeral() -> None:
    client, respond = Client(), Respond(None)
    body = {"user": {"id": "U0ACME1"}, "channel": {"id": "C0GOVERN"}, "response_url": "x"}
    tell(body, client, respond, md("no"))
    assert client.calls == [
        ("chat.postEphemeral", {"channel": "C0GOVERN", "user": "U0ACME1", "text": "no"})
    ]


def test_a_refusal_with_a_response_url_goes_there() -> None:
    client, respond = Client(), Respond("https://hooks.slack.com/x")
    tell({"user": {"id": "U0ACME1"}}, client, respond, md("no"))
    assert (respond.said, client.calls) == (["no"], [])


def _api_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="views.open",
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError("failed", response)  # type: ignore[no-untyped-call]


def test_a_spent_trigger_is_explained_and_any_other_api_error_is_a_fault() -> None:
    assert explain(_api_error("expired_trigger_id")) == TRIGGER_SPENT
    assert explain(_api_error("invalid_trigger_id")) == TRIGGER_SPENT
    assert explain(_api_error("ratelimited")) == FAULT


def test_a_refusal_is_mrkdwn_made_by_the_builders_and_quotes_people_escaped() -> None:
    with pytest.raises(TypeError):
        Refusal("a str is not mrkdwn")  # type: ignore[arg-type]
    hostile = "<!channel> <@U0EVIL1> &"
    for refusal in (
        _refused(lambda: words(hostile)),
        _refused(lambda: meeting_key(hostile)),
        _refused(lambda: record_id(hostile, "motion number", "Try `/motion withdraw 12`.")),
        _refused(lambda: within(hostile * 9, 10, "<!here> A title")),
    ):
        assert isinstance(refusal.message, Mrkdwn)
        assert unsafe_tokens(refusal.message) == [], refusal.message
        assert unsafe_tokens(explain(refusal)) == []
    governance = NotAuthorised("<!channel>", "operator")
    assert unsafe_tokens(explain(governance)) == []


def _refused(call: Callable[[], object]) -> Refusal:
    with pytest.raises(Refusal) as raised:
        call()
    return raised.value
