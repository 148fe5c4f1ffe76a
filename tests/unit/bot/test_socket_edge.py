"""Socket Mode's edge: a malformed envelope is acknowledged with one warning line and reaches no
listener; a listener that raises before its ack is acknowledged with the reason."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack import fallbacks, replies
from bot.slack.mrkdwn import md
from bot.slack.payloads import bolt as payloads
from bot.socket_edge import EdgeSocketModeHandler

ACME = "U0ACME1"


class Socket:
    """What the app sends back over the socket."""

    def __init__(self) -> None:
        self.acks: list[SocketModeResponse] = []
        self.logger = logging.getLogger("test.socket")

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acks.append(response)


def app_with(seen: list[Any]) -> App:
    app = App(
        signing_secret="unused",
        authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T0POOL", bot_token="xoxb-x", bot_user_id="U0BOT"
        ),
        process_before_response=True,
        ignoring_self_events_enabled=False,
    )
    payloads.install(app)

    @app.action("ballot_yes")
    def click(ack: Ack, body: dict[str, Any]) -> None:
        seen.append(body)
        ack()

    @app.view("motion_draft")
    def submitted(ack: Ack, body: dict[str, Any]) -> None:
        seen.append(body)
        raise replies.Refusal(md("This form is out of date."))

    fallbacks.register(app)
    replies.guard_listeners(app)
    return app


def handle(app: App, envelope: str, payload: object) -> Socket:
    handler = EdgeSocketModeHandler(app, "xapp-1-test")
    socket = Socket()
    request = SocketModeRequest(type=envelope, envelope_id="env-1", payload=payload)  # type: ignore[arg-type]
    handler.handle(socket, request)
    return socket


CLICK = {
    "type": "block_actions",
    "user": {"id": ACME},
    "trigger_id": "1.2.ab",
    "actions": [{"action_id": "ballot_yes", "type": "button", "action_ts": "1.2", "value": "1"}],
    "response_url": "https://hooks.slack.com/actions/T0POOL/1/x",
}


@pytest.mark.parametrize(
    "payload",
    [  # slack_sdk itself refuses an envelope whose payload is not an object
        {**CLICK, "actions": []},
        {**CLICK, "actions": [3]},
        {**CLICK, "authorizations": "x"},
        {"type": "view_submission", "user": {"id": ACME}, "view": {"id": "V1"}},
        {"type": "view_submission", "user": {"id": ACME}, "view": {"id": "V1", "state": {}}},
        {"type": "event_callback", "event": {"type": "app_home_opened", "user": None}},
    ],
)
def test_a_malformed_envelope_is_acked_with_one_warning_and_reaches_no_listener(
    caplog: pytest.LogCaptureFixture, payload: object
) -> None:
    seen: list[Any] = []
    socket = handle(app_with(seen), "interactive", payload)
    assert [a.envelope_id for a in socket.acks] == ["env-1"]
    assert seen == []
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    assert len([r for r in caplog.records if "malformed Slack payload" in r.getMessage()]) == 1


def test_a_well_formed_click_reaches_its_listener_and_is_acked() -> None:
    seen: list[Any] = []
    socket = handle(app_with(seen), "interactive", CLICK)
    assert len(seen) == 1
    assert [a.envelope_id for a in socket.acks] == ["env-1"]


def test_a_refusal_before_the_ack_is_the_modals_field_error_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[Any] = []
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": "motion_draft",
        "blocks": [{"type": "input", "block_id": "title"}],
        "state": {"values": {}},
    }
    payload = {"type": "view_submission", "user": {"id": ACME}, "view": view}
    socket = handle(app_with(seen), "interactive", payload)
    (ack,) = socket.acks
    assert ack.payload == {
        "response_action": "errors",
        "errors": {"title": "This form is out of date."},
    }
    assert [r for r in caplog.records if r.exc_info] == []


def test_an_action_no_listener_takes_is_acked_not_left_unanswered() -> None:
    seen: list[Any] = []
    link = {**CLICK, "actions": [{**CLICK["actions"][0], "action_id": "open_link"}]}  # type: ignore[index]
    socket = handle(app_with(seen), "interactive", link)
    assert [a.envelope_id for a in socket.acks] == ["env-1"]
