"""Steps of the e2e conversations, written once: open a motion, vote, wait for the message."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.sandbox import Message, OpenedView
from tests.e2e.conftest import Harness
from tests.e2e.pool import GOVERNANCE, OPERATOR


def eventually(check: Callable[[], Any], timeout: float = 60.0, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy (listeners run after the ack).

    The deadline is generous on purpose: it only matters when the awaited thing never comes, and
    a loaded machine may take seconds for what usually takes milliseconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {timeout}s")
        time.sleep(interval)


def submit_draft(h: Harness, kind: str, fields: Mapping[str, object], *, period: str = "7d") -> Any:
    """The operator opens the motion modal and submits it; returns Slack's answer to the submit."""
    earlier = {v.id for v in h.fake.views_opened()}
    status, _, _ = h.slack.slash_command(OPERATOR, "/motion", kind)
    assert status == 200

    def opened() -> list[OpenedView]:
        return [
            v
            for v in h.fake.views_opened()
            if v.id not in earlier and v.callback_id == "motion_draft"
        ]

    (draft,) = eventually(opened)  # this command's modal, not one an earlier draft left open
    values = {"voting_period": period, **fields}
    shaped = {block: {"value": value} for block, value in values.items()}
    return h.slack.submit_view(OPERATOR, "motion_draft", shaped, view_id=draft.id)


def open_motion(
    h: Harness, kind: str, fields: Mapping[str, object], *, period: str = "7d"
) -> Message:
    """The operator drafts a motion through the modal; returns its posted message."""
    before = len(h.fake.messages(GOVERNANCE))
    answer = submit_draft(h, kind, fields, period=period)
    assert answer.status == 200, answer.text
    assert not answer.text or "errors" not in answer.json(), answer.text

    def posted() -> list[Message]:
        return [m for m in h.fake.messages(GOVERNANCE)[before:] if "is open for voting" in m.text]

    messages: list[Message] = eventually(posted)
    return messages[0]


def vote(h: Harness, user: str, message: Message, choice: str, **extra: Any) -> Any:
    motion_id = motion_id_of(message)
    return h.slack.click(
        user, f"ballot_{choice}", motion_id, message_ts=message.ts, channel=GOVERNANCE, **extra
    )


def motion_id_of(message: Message) -> str:
    actions = next(b for b in message.blocks if b["type"] == "actions")
    return str(actions["elements"][0]["value"])


def current(h: Harness, message: Message) -> Message:
    shown = h.fake.message(GOVERNANCE, message.ts)
    assert shown is not None
    return shown


def text_of(message: Message) -> str:
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


def ephemerals_to(h: Harness, user: str) -> list[str]:
    return [e.text for e in h.fake.ephemerals(user)]


def closed(h: Harness, message: Message, timeout: float = 60.0) -> Message:
    """Wait until the motion's message shows a result (its ballot buttons gone)."""

    def shown() -> Message | None:
        now = current(h, message)
        return None if any(b["type"] == "actions" for b in now.blocks) else now

    result: Message = eventually(shown, timeout)
    return result


def pool_says(h: Harness, user: str, topic: str) -> str:
    """Ask ``/pool <topic>`` and return the ephemeral answer's text and blocks."""
    before = len(h.fake.ephemerals(user))
    status, _, _ = h.slack.slash_command(user, "/pool", topic)
    assert status == 200
    answers = eventually(lambda: h.fake.ephemerals(user)[before:])
    return str(answers[0].text) + json.dumps(answers[0].blocks, ensure_ascii=False)


def vote_all(h: Harness, message: Message, votes: Mapping[str, str]) -> None:
    for user, choice in votes.items():
        status, _, _ = vote(h, user, message, choice)
        assert status == 200
