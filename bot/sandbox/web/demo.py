"""``--demo``: a pool already at work, made the way people would make it, through the bot.

An admission motion open with a few votes, a fee change drafted in the operator's modal, a meeting
in two days with agenda items, and a complaint filed by a supervisor. Every step is a slash
command, click or modal submission that poolgov answers as in Slack.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.sandbox.fake_state import Message, OpenedView
from bot.sandbox.web.people import GUESTS, MEMBER, OPERATOR, SUPERVISOR
from bot.sandbox.web.session import GOVERNANCE_CHANNEL, Sandbox
from governance.charter import Meeting
from governance.services import queries

T = TypeVar("T")


class DemoFailed(Exception):
    """A step of the demo did not produce what it should have."""


def _eventually(check: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise DemoFailed(f"the demo gave up waiting for {what}")
        time.sleep(0.05)


def _modal(sandbox: Sandbox, user: str, callback_id: str, before: set[str]) -> OpenedView:
    def opened() -> OpenedView | None:
        found = [
            v
            for v in sandbox.fake.modal_stack(user)
            if v.callback_id == callback_id and v.id not in before
        ]
        return found[-1] if found else None

    return _eventually(opened, f"the {callback_id} modal")


def _command_modal(sandbox: Sandbox, user: str, channel: str, line: str, callback: str) -> str:
    before = {v.id for v in sandbox.fake.views_opened()}
    if sandbox.command(user, channel, line) != 200:
        raise DemoFailed(f"{line} was refused")
    return _modal(sandbox, user, callback, before).id


def _submit(sandbox: Sandbox, user: str, view_id: str, values: dict[str, object]) -> None:
    shaped = {block: {"value": value} for block, value in values.items()}
    if sandbox.submit(user, view_id, shaped) != 200 or sandbox.fake.view_errors(view_id):
        raise DemoFailed(f"the modal {view_id} was refused: {sandbox.fake.view_errors(view_id)}")


def seed(sandbox: Sandbox) -> None:
    people = sandbox.people
    operator = next(p.id for p in people if p.role == OPERATOR)
    members = [p for p in people if p.role == MEMBER]
    supervisor = next(p.id for p in people if p.role == SUPERVISOR)
    voters: list[str] = []
    for person in members:  # one representative per member
        if person.group not in {p.group for p in members if p.id in voters}:
            voters.append(person.id)

    # an admission, open, with three votes
    view = _command_modal(
        sandbox, operator, GOVERNANCE_CHANNEL, "/motion admission", "motion_draft"
    )
    before = len(sandbox.fake.messages(GOVERNANCE_CHANNEL))
    _submit(
        sandbox,
        operator,
        view,
        {
            "title": "Admit Newco Imaging Ltd.",
            "text": "Newco Imaging applies to join the pool with its HEVC and VVC portfolio.",
            "applicant_id": "newco",
            "applicant_name": "Newco Imaging Ltd.",
            "patents": "48",
            "contribution": "",
            "representatives": {
                "type": "multi_users_select",
                "selected_users": [GUESTS[0][0]],
            },
            "voting_period": "7d",
        },
    )

    def posted() -> Message | None:
        return next(
            (
                m
                for m in sandbox.fake.messages(GOVERNANCE_CHANNEL)[before:]
                if any(b.get("type") == "actions" for b in m.blocks)
            ),
            None,
        )

    motion = _eventually(posted, "the admission's message")
    motion_id = next(
        str(b["elements"][0]["value"]) for b in motion.blocks if b.get("type") == "actions"
    )
    for user, choice in zip(voters[:3], ("yes", "yes", "no"), strict=False):
        sandbox.click(
            user,
            f"ballot_{choice}",
            motion_id,
            channel=GOVERNANCE_CHANNEL,
            message_ts=motion.ts,
        )

    # a meeting in two days, with two items on its agenda
    start = (sandbox.clock() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    local = start.astimezone(ZoneInfo(sandbox.zone)).strftime("%Y-%m-%dT%H:%M")
    meeting = _demo_meeting(sandbox)
    channel = meeting.channel if meeting else GOVERNANCE_CHANNEL
    meeting_id = meeting.id if meeting else "briefing"
    sandbox.command(operator, channel, f"/meeting add {meeting_id} {local} 1h Licensing briefing")
    for user, item in zip(
        voters[:2],
        ("Royalty audit findings for 2026", "Newco's application and its essentiality review"),
        strict=False,
    ):
        sandbox.command(user, channel, f"/agenda add {item}")

    # a complaint filed by a supervisor
    view = _command_modal(sandbox, supervisor, GOVERNANCE_CHANNEL, "/complaint", "complaint_file")
    _submit(
        sandbox,
        supervisor,
        view,
        {
            "category": {
                "type": "static_select",
                "selected_option": {"value": "fee_calculation"},
            },
            "title": "Q3 royalty statement double-counts set-top boxes",
            "concern": "Units shipped as bundles appear twice in the Q3 statement.",
            "evidence": "https://records.example.com/statements/2026-q3",
        },
    )

    # a fee change, drafted and left open in the operator's modal
    view = _command_modal(
        sandbox, operator, GOVERNANCE_CHANNEL, "/motion fee_change", "motion_draft"
    )
    sandbox.keep_draft(
        view,
        {
            "title": "Lower the royalty on streaming devices",
            "text": "Bring the streaming-device royalty in line with the market.",
            "product_category": "Streaming devices",
            "proposed_royalty": "USD 0.35 per unit",
        },
    )


def _demo_meeting(sandbox: Sandbox) -> Meeting | None:
    """The charter's meeting whose agenda is still open two days before a start (its rules
    govern the demo's extra session), else any."""
    bot = sandbox.running_bot
    charter = queries.charter_in_force(bot.runtime.reader(), bot.runtime.parse).charter
    fitting = [m for m in charter.meetings if (m.agenda_closes or timedelta(0)) < timedelta(days=2)]
    chosen = fitting or list(charter.meetings)
    return chosen[0] if chosen else None
