"""Well-formed requests as Slack sends them, recorded rather than sent, to be broken."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any, Unpack
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode
from urllib.request import Request, urlopen

from bot.sandbox import DriverResponse, FakeSlack, SlackDriver
from bot.sandbox.driver import Delivery
from tests.e2e.pool import ACME, GOVERNANCE, OPERATOR, SUPERVISOR

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

#: Bodies that are not what their content type says (sent signed, and unsigned).
BROKEN_BODIES = [
    (b"payload=%7B", FORM),
    (b"payload=", FORM),
    (b"payload=null", FORM),
    (b"payload=%5B%5D", FORM),
    (b"payload=3", FORM),
    (b"payload=%22x%22", FORM),
    (b"{", FORM),
    (b"", FORM),
    (b"\xff\xfe\x00", FORM),
    (b"command=%2Fmotion", FORM),
    (b"command=%2Fnope&text=x&user_id=U0ACME1", FORM),
    (b"{", JSON),
    (b"", JSON),
    (b"null", JSON),
    (b"[]", JSON),
    (b"3", JSON),
    (b'"event_callback"', JSON),
    (b'{"type": "event_callback"}', JSON),
    (b'{"type": "event_callback", "event": null}', JSON),
    (b'{"type": "event_callback", "event": {"type": "app_home_opened"}}', JSON),
    (b'{"type": "url_verification"}', JSON),
    (b'{"type": "block_actions"}', JSON),
    (b"\xff\xfe\x00", JSON),
    (b"payload=%7B%7D", "text/plain"),
]


@dataclass(frozen=True)
class Envelope:
    """One request: ``form`` (a slash command), ``payload`` (an interaction) or ``json``."""

    name: str
    shape: str
    content: Any

    def fresh(self, fake: FakeSlack) -> Any:
        """The content with a trigger id and response URL of its own, as each Slack request has
        (a trigger id is good for one modal: a reused one is Slack's refusal, not the input's)."""
        content = json.loads(json.dumps(self.content))
        if isinstance(content, dict) and "trigger_id" in content:
            content["trigger_id"] = fake.issue_trigger_id()
        if isinstance(content, dict) and "response_url" in content:
            content["response_url"] = fake.new_response_url()
        return content

    def body(self, content: Any) -> tuple[bytes, str]:
        """The request body carrying ``content`` in this envelope's shape."""
        if self.shape == "form":
            if isinstance(content, dict):
                return urlencode(
                    {str(k): _form_value(v) for k, v in content.items()}
                ).encode(), FORM
            return urlencode({"text": _form_value(content)}).encode(), FORM
        if self.shape == "payload":
            return urlencode({"payload": json.dumps(content)}).encode(), FORM
        return json.dumps(content).encode(), JSON


def _form_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed(secret: str, body: bytes) -> dict[str, str]:
    """Slack's headers for ``body``, whatever its bytes (the driver signs only UTF-8 text)."""
    now = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": signature(secret, now, body)}


def post_raw(url: str, body: bytes, content_type: str, headers: dict[str, str]) -> DriverResponse:
    request = Request(  # noqa: S310 - the local app
        url, data=body, headers={"Content-Type": content_type, **headers}, method="POST"
    )
    try:
        with urlopen(request, timeout=60) as response:  # noqa: S310
            return DriverResponse(response.status, dict(response.headers), response.read())
    except HTTPError as error:
        with error:
            return DriverResponse(error.code, dict(error.headers), error.read())


class _Recorder(SlackDriver):
    """Builds each request's body as the driver would send it, and keeps it."""

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__("http://127.0.0.1:9", "unused", fake)
        self.bodies: list[tuple[bytes, str]] = []

    def post(self, body: bytes, content_type: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        self.bodies.append((body, content_type))
        return DriverResponse(200, {}, b"")


def envelopes(fake: FakeSlack, message_ts: str, buttons: list[str]) -> list[Envelope]:
    """One well-formed request of every kind poolgov serves."""
    recorder = _Recorder(fake)
    found: list[Envelope] = []

    def keep(name: str) -> None:
        body, content_type = recorder.bodies[-1]
        if content_type == JSON:
            found.append(Envelope(name, "json", json.loads(body)))
            return
        form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        if "payload" in form:
            found.append(Envelope(name, "payload", json.loads(form["payload"])))
        else:
            found.append(Envelope(name, "form", form))

    recorder.slash_command(OPERATOR, "/motion", "general")
    keep("/motion")
    recorder.slash_command(ACME, "/pool", "members")
    keep("/pool")
    for action in buttons:
        recorder.click(ACME, action, "1", message_ts=message_ts, channel=GOVERNANCE)
        keep(action)
    views: dict[str, dict[str, dict[str, object]]] = {
        "motion_draft": {"title": {"value": "T"}, "text": {"value": "X"}},
        "motion_pick": {
            "kind": {"kind": {"type": "static_select", "selected_option": {"value": "general"}}}
        },
        "complaint_file": {"title": {"value": "T"}, "concern": {"value": "C"}},
        "complaint_answer": {"answer": {"value": "A"}},
        "complaint_reject": {"reason": {"value": "R"}},
        "complaint_motion": {"title": {"value": "T"}},
        "meeting_minutes": {"minutes": {"value": "M"}},
    }
    for callback_id, values in views.items():
        meta = json.dumps({"kind": "general", "channel": GOVERNANCE, "complaint_id": "1"})
        recorder.submit_view(SUPERVISOR, callback_id, values, private_metadata=meta)
        keep(callback_id)
        closed = json.loads(json.dumps(found[-1].content))
        closed["type"] = "view_closed"
        closed["is_cleared"] = False
        found.append(Envelope(f"{callback_id} closed", "payload", closed))
    recorder.event({"type": "app_home_opened", "user": ACME, "channel": "D0ACME", "tab": "home"})
    keep("app_home_opened")
    recorder.url_verification("challenge-fuzz")
    keep("url_verification")
    return found
