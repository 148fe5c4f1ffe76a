"""Steps of the complaint conversations over signed HTTP or Socket Mode, and a clock the tests
move by hand."""

from __future__ import annotations

import json
import threading
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, OpenedView, SlackDriver, SocketModeDriver
from governance.complaints import Complaint
from storage.sealing import generate_key
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.flows import eventually

SUPERVISORS_CHANNEL = "G0SUPERVISE"
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url")


class MovableClock:
    """Wall-clock time plus an offset the test moves forward (aware, UTC)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, by: timedelta) -> None:
        with self._lock:
            self._offset += by


def running(
    fake: FakeSlack, url: str, tmp_path: Path, clock: MovableClock, key: str
) -> Generator[Harness, None, None]:
    settings = settings_for(fake, url, tmp_path, POOLGOV_COMPLAINT_KEY=key)
    with PoolBot(settings, clock=clock) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


def running_over_socket_mode(
    fake: FakeSlack, url: str, tmp_path: Path, clock: MovableClock, key: str
) -> Generator[Harness, None, None]:
    """The same poolgov, taking every request as an envelope over the fake's WebSocket."""
    settings = settings_for(
        fake, url, tmp_path, POOLGOV_COMPLAINT_KEY=key, SLACK_APP_TOKEN=fake.app_token
    )
    with PoolBot(settings, clock=clock) as bot:
        bot.start_socket_mode()
        assert fake.socket_mode.wait_connected(timeout=60)
        yield Harness(fake, bot, SocketModeDriver(fake), settings)


def new_key() -> str:
    return generate_key()


def complaints(h: Harness) -> list[Complaint]:
    with h.bot.storage.reader() as uow:
        return uow.complaints.all()


def file_complaint(
    h: Harness,
    user: str,
    title: str,
    concern: str,
    *,
    anonymous: bool = False,
    evidence: str = "",
    category: str = "fee_calculation",
) -> Complaint:
    """A supervisor files through ``/complaint`` and its modal; returns the stored complaint."""
    before = len(complaints(h))
    status, _, _ = h.slack.slash_command(user, "/complaint")
    assert status == 200
    eventually(lambda: latest_view(h, user, "complaint_file"))
    values: dict[str, Any] = {
        "category": {"value": {"type": "static_select", "selected_option": {"value": category}}},
        "title": {"value": title},
        "concern": {"value": concern},
        "evidence": {"value": evidence},
    }
    if anonymous:
        chosen = {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        values["anonymous"] = {"value": chosen}
    answer = h.slack.submit_view(user, "complaint_file", values)
    assert answer.status == 200, answer.text
    assert not answer.text.strip(), answer.text
    stored: list[Complaint] = eventually(lambda: complaints(h)[before:])
    notice = f"New Complaint *{stored[0].id}*"
    eventually(lambda: any(notice in m.text for m in h.fake.messages(SUPERVISORS_CHANNEL)))
    return stored[0]


def motion_notices(h: Harness, complaint_id: str) -> list[Any]:
    """The supervisors' notices that complaint ``complaint_id`` was put to the members."""
    notice = f"Complaint *{complaint_id}*"
    return [
        m
        for m in h.fake.messages(SUPERVISORS_CHANNEL)
        if notice in m.text and "put to the members" in m.text
    ]


def put_to_motion(h: Harness, user: str, complaint_id: str, seen: int = 0) -> Any:
    """Wait for the notice that ends the listener's work (so no call is in flight): one more
    than the ``seen`` already there (a fake Slack shared between tests keeps earlier ones)."""
    return eventually(lambda: motion_notices(h, complaint_id)[seen:])


def latest_view(h: Harness, user: str, callback_id: str) -> OpenedView | None:
    views = [v for v in h.fake.views_opened() if v.user == user and v.callback_id == callback_id]
    return views[-1] if views else None


def show(h: Harness, user: str, complaint_id: str) -> OpenedView:
    before = {v.id for v in h.fake.views_opened()}
    status, _, _ = h.slack.slash_command(user, "/complaint", f"show {complaint_id}")
    assert status == 200
    found: OpenedView = eventually(
        lambda: next(
            (
                v
                for v in h.fake.views_opened()
                if v.id not in before and v.user == user and v.callback_id == "complaint_view"
            ),
            None,
        )
    )
    return found


def view_text(view: OpenedView) -> str:
    return json.dumps(view.view, ensure_ascii=False)


def step(h: Harness, user: str, view: OpenedView, action_id: str, complaint_id: str) -> Any:
    return h.slack.click(user, action_id, complaint_id, view_id=view.id)


def submit_step(h: Harness, user: str, callback_id: str, **fields: str) -> Any:
    """Submit the pushed modal ``callback_id`` the user has open."""
    eventually(lambda: latest_view(h, user, callback_id))
    values = {block: {"value": value} for block, value in fields.items()}
    return h.slack.submit_view(user, callback_id, values)


def status_of(h: Harness, complaint_id: str) -> str:
    return next(c.status.value for c in complaints(h) if c.id == complaint_id)
