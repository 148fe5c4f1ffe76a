"""The HTTP edge in front of Bolt: the signature before anything reads the body, then the
envelope, then Bolt, and what each refusal costs in the log."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from typing import Any, get_args
from urllib.parse import urlencode

import pytest
from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult

from bot.app import COMMANDS
from bot.signed_edge import MAX_SKEW, SignedEdge
from bot.slack.payloads.models import KnownCommand

SECRET = "unit-signing-secret"
#: Bolt checks the signature again on its own clock, so requests are stamped when they are built:
#: a stamp taken at import would be stale by the time a long suite reaches these tests.
NOW = int(time.time())
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
ACME = "U0ACME1"


def _form(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _json(payload: object) -> bytes:
    return json.dumps(payload).encode()


def _command(**fields: str) -> bytes:
    form = {
        "command": "/pool",
        "text": "",
        "user_id": ACME,
        "trigger_id": "1.2.ab",
        "response_url": "https://hooks.slack.com/commands/T0POOL/1/x",
        **fields,
    }
    return urlencode(form).encode()


ACTION = {"action_id": "ballot_yes", "type": "button", "action_ts": "1.2", "value": "1"}
CLICK: dict[str, Any] = {
    "type": "block_actions",
    "user": {"id": ACME},
    "trigger_id": "1.2.ab",
    "actions": [ACTION],
    "response_url": "https://hooks.slack.com/actions/T0POOL/1/x",
}

JUNK = [
    (b"payload=%7B", FORM),
    (b"{", JSON),
    (b"{", FORM),
    (b"payload=null", FORM),
    (b"\xff\xfe\x00", FORM),
    (b"", FORM),
    (b"", ""),
    (_command(), FORM),
    (_form(CLICK), FORM),
]

MALFORMED = [
    (b"payload=%7B", FORM),
    (b"{", JSON),
    (b"", FORM),
    (b"[]", JSON),
    (b"3", JSON),
    (b"null", JSON),
    (b'{"type": NaN}', JSON),
    (b"[" * 5000 + b"]" * 5000, JSON),
    (_form(None), FORM),
    (_form([]), FORM),
    (_form(7), FORM),
    (b"payload=%7B%7D&payload=%7B%7D", FORM),
    (_form({**CLICK, "actions": []}), FORM),
    (_form({**CLICK, "actions": ["x"]}), FORM),
    (_form({**CLICK, "actions": "yes"}), FORM),
    (_form({**CLICK, "user": {"id": "u-acme"}}), FORM),
    (_form({**CLICK, "user": {"id": "U²"}}), FORM),
    (_form({**CLICK, "user": "U0ACME1"}), FORM),
    (_form({**CLICK, "authorizations": "all"}), FORM),
    (_form({**CLICK, "team": 3}), FORM),
    (_form({**CLICK, "actions": [{**ACTION, "action_ts": "soon"}]}), FORM),
    (_form({"type": "view_submission", "user": {"id": ACME}, "view": {"id": "V1"}}), FORM),
    (
        _form(
            {
                "type": "view_submission",
                "user": {"id": ACME},
                "view": {"id": "V1", "state": {"values": []}},
            }
        ),
        FORM,
    ),
    (
        _form(
            {
                "type": "view_submission",
                "user": {"id": ACME},
                "view": {"id": "V1", "state": {"values": {"b": {"a": {"value": 3}}}}},
            }
        ),
        FORM,
    ),
    (_form({"type": "view_closed", "user": {"id": ACME}}), FORM),
    (_form({"type": "shortcut", "user": {"id": ACME}}), FORM),
    (_form({"user": {"id": ACME}}), FORM),
    (_json({"type": "event_callback", "event": {"type": "app_home_opened"}}), JSON),
    (_json({"type": "event_callback", "event": {"type": "app_home_opened", "user": 7}}), JSON),
    (_json({"type": "event_callback", "event": None}), JSON),
    (_json({"type": "event_callback", "event": [1]}), JSON),
    (_json({"type": "event_callback", "event": {"type": "message", "channel": 5}}), JSON),
    (_command(user_id="U²"), FORM),
    (_command(user_id="<!channel>"), FORM),
    (_command(command="pool"), FORM),
    (_command(response_url=""), FORM),
    (_command(response_url="7"), FORM),
    (_command(trigger_id="7"), FORM),
    (_command(trigger_id='["1.2.ab"]'), FORM),
    (_form({k: v for k, v in CLICK.items() if k != "response_url"}), FORM),
    (_form({**CLICK, "trigger_id": 7}), FORM),
    (_command(command="/unknown"), FORM),
    (_command() + b"&command=/motion", FORM),
    (b"token=x", "text/plain"),
    (b"token=x", ""),
]


class Recorder:
    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []
        self.app = App(
            signing_secret=SECRET,
            authorize=lambda **_: AuthorizeResult(
                enterprise_id=None, team_id="T0POOL", bot_token="xoxb-x", bot_user_id="U0BOT"
            ),
            process_before_response=True,
            ignoring_self_events_enabled=False,
            url_verification_enabled=True,
        )

        def seen(ack: Any, body: dict[str, Any]) -> None:
            self.seen.append(body)
            ack()

        self.app.command("/pool")(seen)
        self.app.action("ballot_yes")(seen)
        self.app.event("app_home_opened")(seen)


def environ(body: bytes, content_type: str, how: str = "signed", **extra: str) -> dict[str, Any]:
    now = int(time.time())
    stamp = now - 600 if how == "stale" else now
    secret = b"not-the-secret" if how == "forge" else SECRET.encode()
    mac = hmac.new(secret, b"v0:%d:" % stamp + body, hashlib.sha256).hexdigest()
    env: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    if how != "unsigned":
        env["HTTP_X_SLACK_REQUEST_TIMESTAMP"] = str(stamp)
        env["HTTP_X_SLACK_SIGNATURE"] = f"v0={mac}"
    env.update(extra)
    return env


def answer(recorder: Recorder, env: dict[str, Any]) -> tuple[int, bytes]:
    status: list[str] = []
    edge = SignedEdge(recorder.app, SECRET, clock=time.time, max_body=64 * 1024)
    body = b"".join(edge(env, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type]
    return int(status[0].split()[0]), body


def _noisy(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize(("body", "content_type"), JUNK)
@pytest.mark.parametrize("how", ["forge", "stale", "unsigned"])
def test_a_request_not_signed_by_slack_is_401_whatever_its_body_and_reaches_nothing(
    caplog: pytest.LogCaptureFixture, body: bytes, content_type: str, how: str
) -> None:
    recorder = Recorder()
    assert answer(recorder, environ(body, content_type, how))[0] == 401
    assert recorder.seen == []
    assert _noisy(caplog) == []


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [("²³", "v0=" + "0" * 64), ("1", "v0=é"), ("", ""), ("x", "y"), (str(NOW), "v0=" + "A" * 64)],
    # named, not shown: an id that held NOW would differ between the workers that collect it
    ids=["non-ascii-digits", "non-ascii-signature", "empty", "not-numbers", "now-but-forged"],
)
def test_a_malformed_signature_or_timestamp_is_401(timestamp: str, signature: str) -> None:
    env = environ(_command(), FORM)
    env["HTTP_X_SLACK_REQUEST_TIMESTAMP"] = timestamp
    env["HTTP_X_SLACK_SIGNATURE"] = signature
    recorder = Recorder()
    assert answer(recorder, env)[0] == 401
    assert recorder.seen == []


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_a_signed_but_malformed_envelope_is_400_with_one_warning_line(
    caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder()
    assert answer(recorder, environ(body, content_type))[0] == 400
    assert recorder.seen == []
    assert _noisy(caplog) == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "malformed Slack payload" in warnings[0].getMessage()


def test_a_warning_line_names_where_the_envelope_is_wrong_never_what_it_holds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()
    secret_text = "confidential-complaint-words"
    body = _form({**CLICK, "user": {"id": secret_text}})
    assert answer(recorder, environ(body, FORM))[0] == 400
    assert secret_text not in caplog.text
    assert "user.id" in caplog.text


def test_well_formed_signed_requests_reach_their_listeners() -> None:
    recorder = Recorder()
    assert answer(recorder, environ(_command(text="members"), FORM))[0] == 200
    assert answer(recorder, environ(_form(CLICK), FORM))[0] == 200
    home = {"type": "event_callback", "event": {"type": "app_home_opened", "user": ACME}}
    assert answer(recorder, environ(_json(home), JSON))[0] == 200
    assert [b.get("command") or b.get("type") for b in recorder.seen] == [
        "/pool",
        "block_actions",
        "event_callback",
    ]


def test_a_command_whose_text_says_payload_reaches_its_listener_whole() -> None:
    recorder = Recorder()
    assert answer(recorder, environ(_command(text="payload of the week"), FORM))[0] == 200
    (body,) = recorder.seen
    assert body["text"] == "payload of the week"


def test_url_verification_is_answered_with_its_challenge() -> None:
    recorder = Recorder()
    body = _json({"type": "url_verification", "challenge": "abc123", "token": "t"})
    status, answered = answer(recorder, environ(body, JSON))
    assert status == 200
    assert b"abc123" in answered


def test_a_body_larger_than_slack_sends_is_413_unread() -> None:
    recorder = Recorder()
    big = b"a" * (64 * 1024 + 1)
    assert answer(recorder, environ(big, FORM))[0] == 413
    assert answer(recorder, environ(big, FORM, "unsigned"))[0] == 413
    assert recorder.seen == []


@pytest.mark.parametrize("body", [b"\xff\xfe", b"payload=%7B%7D\xff", b"text=\xc3"])
def test_a_body_that_is_not_utf8_text_is_not_one_slack_signs_and_is_401(body: bytes) -> None:
    recorder = Recorder()
    assert answer(recorder, environ(body, FORM))[0] == 401
    assert recorder.seen == []


@pytest.mark.parametrize(
    ("skew", "status"), [(-MAX_SKEW, 200), (MAX_SKEW, 200), (MAX_SKEW + 2, 401)]
)
def test_the_signature_holds_for_five_minutes_either_way(skew: int, status: int) -> None:
    recorder = Recorder()
    env = environ(_command(text="members"), FORM)
    stamped = int(env["HTTP_X_SLACK_REQUEST_TIMESTAMP"])
    edge = SignedEdge(recorder.app, SECRET, clock=lambda: float(stamped + skew))
    seen: list[str] = []
    b"".join(edge(env, lambda s, h, e=None: seen.append(s)))  # type: ignore[arg-type]
    assert int(seen[0].split()[0]) == status


def test_an_empty_signing_secret_signs_nothing() -> None:
    recorder = Recorder()
    env = environ(_command(), FORM)
    edge = SignedEdge(recorder.app, "", clock=time.time)
    seen: list[str] = []
    b"".join(edge(env, lambda s, h, e=None: seen.append(s)))  # type: ignore[arg-type]
    assert seen[0].startswith("401")


def test_only_a_post_reaches_bolt() -> None:
    recorder = Recorder()
    assert answer(recorder, environ(_command(), FORM, REQUEST_METHOD="GET"))[0] == 405
    assert recorder.seen == []


def test_the_commands_the_edge_accepts_are_the_ones_the_manifest_declares() -> None:
    assert set(get_args(KnownCommand)) == set(COMMANDS)


def test_app_rate_limited_is_answered_200_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()
    body = _json({"type": "app_rate_limited", "token": "t", "minute_rate_limited": 1})
    assert answer(recorder, environ(body, JSON))[0] == 200
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
