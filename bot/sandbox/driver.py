"""A stand-in for Slack's side of an HTTP-mode app: signed requests to the app's `/slack/events`.

    driver = SlackDriver(app_url, signing_secret, fake)
    answer = driver.slash_command("U0ACME", "/motion", "list")
    assert answer.status == 200

Requests are form-encoded or JSON exactly as Slack sends them and signed as Slack signs them
(`v0=HMAC-SHA256(secret, "v0:<ts>:<body>")`). Trigger ids and response URLs come from the fake, so
the app's follow-up calls land there. Every method takes `forge=True` (sign with a wrong secret),
`stale=True` (a timestamp 6 minutes old), and `retry_num` / `retry_reason` (Events API retries).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode
from urllib.request import Request, urlopen

from slack_sdk.signature import SignatureVerifier

from bot.sandbox import payloads
from bot.sandbox.clock import Clock
from bot.sandbox.fake_slack import FakeSlack

DEFAULT_CHANNEL = "C0GENERAL"
STALE_BY = 6 * 60  # Slack's verifiers refuse timestamps more than 5 minutes off
FORM = "application/x-www-form-urlencoded"


class Delivery(TypedDict, total=False):
    """How to deliver a request: honestly by default."""

    forge: bool
    stale: bool
    retry_num: int
    retry_reason: str


@dataclass(frozen=True)
class DriverResponse:
    """The app's answer; unpacks as `status, headers, body`."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    response_url: str | None = None
    trigger_id: str | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.status, self.headers, self.body))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """The ack body as JSON (an empty ack is None)."""
        return json.loads(self.body) if self.body.strip() else None


@dataclass(frozen=True)
class PreparedRequest:
    """A request body as Slack would send it, not yet signed, with the ids the fake issued."""

    body: bytes
    content_type: str
    response_url: str | None = None
    trigger_id: str | None = None


class SlackDriver:
    """Sends Slack's requests to one app, with ids and URLs issued by `fake`."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        fake: FakeSlack,
        *,
        path: str = "/slack/events",
        clock: Clock = time.time,
        timeout: float = 60.0,
    ) -> None:
        self.url = app_url.rstrip("/") + path if not app_url.endswith(path) else app_url
        self.fake = fake
        self._verifier = SignatureVerifier(signing_secret)
        self._forger = SignatureVerifier("forged-" + signing_secret)
        self._clock = clock
        self._timeout = timeout
        self._events = itertools.count(1)

    # -- what Slack sends -----------------------------------------------------------------

    def slash_command(
        self,
        user: str,
        command: str,
        text: str = "",
        *,
        channel: str = DEFAULT_CHANNEL,
        channel_name: str = "general",
        team: str | None = None,
        **delivery: Unpack[Delivery],
    ) -> DriverResponse:
        workspace = self.fake.workspace
        response_url = self.fake.new_response_url(user=user, channel=channel)
        trigger_id = self.fake.issue_trigger_id(user)
        form = {
            "token": "fake-verification-token",
            "team_id": team or self._team_of(user),
            "team_domain": workspace.team_domain,
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": self._name_of(user),
            "command": command,
            "text": text,
            "api_app_id": workspace.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
        body = urlencode(form).encode()
        answer = self.post(body, "application/x-www-form-urlencoded", **delivery)
        return _with_ids(answer, response_url, trigger_id)

    def click(
        self,
        user: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str | None = None,
        message_ts: str | None = None,
        channel: str = DEFAULT_CHANNEL,
        view_id: str | None = None,
        action_type: str = "button",
        extra: Mapping[str, Any] | None = None,
        **delivery: Unpack[Delivery],
    ) -> DriverResponse:
        """A `block_actions` interaction on a message (`message_ts`) or a view (`view_id`)."""
        prepared = self.prepare_click(
            user,
            action_id,
            value,
            block_id=block_id,
            message_ts=message_ts,
            channel=channel,
            view_id=view_id,
            action_type=action_type,
            extra=extra,
        )
        answer = self.post(prepared.body, prepared.content_type, **delivery)
        return _with_ids(answer, prepared.response_url, prepared.trigger_id)

    def prepare_click(
        self,
        user: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str | None = None,
        message_ts: str | None = None,
        channel: str = DEFAULT_CHANNEL,
        view_id: str | None = None,
        action_type: str = "button",
        extra: Mapping[str, Any] | None = None,
    ) -> PreparedRequest:
        """The body `click` would send, unsigned: send it (again) with `signed_headers`.

        Sending the same body twice is an exact re-delivery (same `action_ts`, same
        `response_url`), as when Slack retries or a client repeats a click.
        """
        trigger_id = self.fake.issue_trigger_id(user)
        payload = self._interaction("block_actions", user, trigger_id)
        response_url: str | None = None
        blocks: list[dict[str, Any]] = []
        if view_id is not None:
            opened = self.fake.view(view_id)
            view: dict[str, Any] = opened.view if opened else {"id": view_id, "type": "modal"}
            blocks = list(view.get("blocks") or [])
            payload["container"] = {"type": "view", "view_id": view_id}
            payload["view"] = view
        else:
            message = self.fake.message(channel, message_ts) if message_ts else None
            shown = message.to_api(self.fake.workspace) if message else {"ts": message_ts}
            blocks = message.blocks if message else []
            response_url = self.fake.new_response_url(
                user=user, channel=channel, message_ts=message_ts
            )
            payload["container"] = {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel, "name": "general"}
            payload["message"] = shown
            payload["response_url"] = response_url
        chosen_block = block_id or payloads.find_block_id(blocks, action_id) or "actions"
        action_ts = f"{self._clock():.6f}"
        action = payloads.action_object(action_type, action_id, chosen_block, value, action_ts)
        payload["actions"] = [{**action, **(extra or {})}]
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return PreparedRequest(body, FORM, response_url, trigger_id)

    def submit_view(
        self,
        user: str,
        view_callback_id: str,
        values: Mapping[str, Mapping[str, object]],
        private_metadata: str | None = None,
        *,
        view_id: str | None = None,
        **delivery: Unpack[Delivery],
    ) -> DriverResponse:
        """A `view_submission` of the user's latest open modal with that callback_id."""
        trigger_id = self.fake.issue_trigger_id(user)
        view = self._view_to_submit(user, view_callback_id, view_id)
        view["state"] = {"values": payloads.state_values(values)}
        if private_metadata is not None:
            view["private_metadata"] = private_metadata
        payload = self._interaction("view_submission", user, trigger_id)
        payload["view"] = view
        payload["response_urls"] = []
        answer = self._post_payload(payload, **delivery)
        return _with_ids(answer, None, trigger_id)

    def view_closed(self, user: str, view_id: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        """A ``view_closed`` interaction: the person closed a modal that asked to be told."""
        opened = self.fake.view(view_id)
        view = dict(opened.view) if opened else {"id": view_id, "type": "modal"}
        payload = self._interaction("view_closed", user, self.fake.issue_trigger_id(user))
        payload.pop("trigger_id", None)
        payload["view"] = view
        payload["is_cleared"] = False
        return self._post_payload(payload, **delivery)

    def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        team: str | None = None,
        **delivery: Unpack[Delivery],
    ) -> DriverResponse:
        """An Events API delivery; pass the same `event_id` with `retry_num` to replay it."""
        envelope = payloads.event_envelope(
            self.fake.workspace,
            event,
            event_id or f"Ev{next(self._events):08X}",
            int(self._clock()),
            team or self.fake.workspace.team_id,
        )
        return self.post(json.dumps(envelope).encode(), "application/json", **delivery)

    def url_verification(self, challenge: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        body = {
            "token": "fake-verification-token",
            "challenge": challenge,
            "type": "url_verification",
        }
        return self.post(json.dumps(body).encode(), "application/json", **delivery)

    # -- signing and sending --------------------------------------------------------------

    def signed_headers(self, body: bytes, **delivery: Unpack[Delivery]) -> dict[str, str]:
        """The headers Slack would send with `body`."""
        timestamp = str(int(self._clock()) - (STALE_BY if delivery.get("stale") else 0))
        verifier = self._forger if delivery.get("forge") else self._verifier
        signature = verifier.generate_signature(timestamp=timestamp, body=body)
        headers = {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": str(signature),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if "retry_num" in delivery:
            headers["X-Slack-Retry-Num"] = str(delivery["retry_num"])
            headers["X-Slack-Retry-Reason"] = delivery.get("retry_reason", "http_timeout")
        return headers

    def post(self, body: bytes, content_type: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        """POST `body` to the app, signed (or mis-signed) as `delivery` says."""
        headers = {"Content-Type": content_type, **self.signed_headers(body, **delivery)}
        request = Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urlopen(request, timeout=self._timeout) as response:  # noqa: S310 - local app
                return DriverResponse(response.status, dict(response.headers), response.read())
        except HTTPError as error:
            with error:
                return DriverResponse(error.code, dict(error.headers), error.read())

    # -- helpers ---------------------------------------------------------------------------

    def _post_payload(
        self, payload: Mapping[str, Any], **delivery: Unpack[Delivery]
    ) -> DriverResponse:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, FORM, **delivery)

    def _interaction(self, kind: str, user: str, trigger_id: str) -> dict[str, Any]:
        workspace = self.fake.workspace
        team_id = self._team_of(user)
        return {
            "type": kind,
            "user": payloads.user_object(user, self._name_of(user), team_id),
            "team": payloads.team_object(workspace, team_id),
            "api_app_id": workspace.app_id,
            "token": "fake-verification-token",
            "trigger_id": trigger_id,
            "is_enterprise_install": False,
            "enterprise": None,
        }

    def _view_to_submit(self, user: str, callback_id: str, view_id: str | None) -> dict[str, Any]:
        candidates = [
            v
            for v in self.fake.views_opened()
            if (v.id == view_id if view_id else v.callback_id == callback_id and v.user == user)
        ]
        if candidates:
            return dict(candidates[-1].view)
        workspace = self.fake.workspace
        return {
            "id": view_id or "VSUBMITTED",
            "team_id": workspace.team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": "",
            "blocks": [],
            "hash": "0.fake",
            "app_id": workspace.app_id,
            "bot_id": workspace.bot_id,
        }

    def _team_of(self, user: str) -> str:
        known = self.fake.user(user)
        return (known.team_id if known else None) or self.fake.workspace.team_id

    def _name_of(self, user: str) -> str:
        known = self.fake.user(user)
        return (known.name if known else "") or user.lower()


def _with_ids(
    answer: DriverResponse, response_url: str | None, trigger_id: str | None
) -> DriverResponse:
    return DriverResponse(answer.status, answer.headers, answer.body, response_url, trigger_id)


class SocketModeDriver(SlackDriver):
    """The same requests, delivered as Socket Mode envelopes over the app's WebSocket.

    Nothing is signed in Socket Mode (the connection itself was opened with the app-level
    token), so ``forge`` and ``stale`` do not apply. The answer is the app's acknowledgement:
    status 200 and its response payload, as the HTTP driver returns the response body.
    """

    def __init__(self, fake: FakeSlack, *, clock: Clock = time.time, timeout: float = 60.0) -> None:
        # no signing secret in Socket Mode; the HTTP driver's signer is never used here
        super().__init__("socket-mode:", "unused", fake, path="", clock=clock, timeout=timeout)

    def post(self, body: bytes, content_type: str, **delivery: Unpack[Delivery]) -> DriverResponse:
        if delivery.get("forge") or delivery.get("stale"):
            raise ValueError("Socket Mode envelopes are not signed: nothing to forge or age")
        envelope_type, payload = envelope_of(body, content_type)
        ack = self.fake.socket_mode.push(
            envelope_type, payload, accepts_response_payload=envelope_type != "events_api"
        )
        answer = json.dumps(ack.payload).encode() if ack.payload else b""
        return DriverResponse(200, {}, answer)


def envelope_of(body: bytes, content_type: str) -> tuple[str, dict[str, Any]]:
    """The Socket Mode envelope type and payload of a request as HTTP mode would carry it."""
    if content_type.startswith(FORM):
        form = dict(parse_qsl(body.decode()))
        if "payload" in form:
            return "interactive", json.loads(form["payload"])
        return "slash_commands", form
    data = json.loads(body)
    return "events_api", data
