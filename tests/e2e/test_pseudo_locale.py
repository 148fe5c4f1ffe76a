"""The e2e flows once more under the pseudo-locale: every text poolgov sends to the stand-in Slack
is made only of catalog messages (``⟦…⟧``) and data. A text that bypasses the catalog fails here.

Flows covered: a general motion from the operator's modal to its result and announcement (the
draft modal, the motion post and its refreshes, each representative's receipt, an outsider's
refusal, the result, the thread), ``/pool receipt`` (known and unknown), vote reminder DMs, a
withdrawal and a refused one; ``/pool members``, ``help`` (operator and member), ``motions``,
``fees``, ``charter``, an unknown ``/pool`` topic and the App Home; a meeting (``/meeting
next``, ``/agenda add`` and a refused one, the reminder with RSVP buttons and the answers to
them); and a complaint filed by a supervisor (the ``/complaint`` modal and the supervisors'
notice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.charter_file import load_charter
from bot.i18n.speech import PSEUDO_ENV
from bot.sandbox import FakeSlack
from tests.e2e import complaint_flows
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of, running, sweep_once
from tests.e2e.flows import (
    closed,
    current,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote,
)
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml, running_with_meetings, wait_for_post
from tests.e2e.pool import (
    ACME,
    BETA,
    CHARTER,
    DELTA,
    GAMMA,
    GOVERNANCE,
    OPERATOR,
    OUTSIDER,
    SUPERVISOR,
    USERS,
)
from tests.e2e.pseudo import unmarked

#: the product's own name, shown as a name
BRAND = ["poolgov"]
TYPED = [
    "Adopt the 2027 budget",
    "Resolved.",
    "Renew the licensing programme",
    "Something",
    "Fees were counted twice",
    "The invoice of March counts every unit twice.",
    "Adopt the logo",
    "Rename the pool",
    "Superseded by the March motion",
]
RECEIPT = re.compile(r"[Rr]eceipt `([0-9a-f-]+)`")


def charter_data(text: str) -> list[str]:
    """The names and titles the charter gives: data, shown as written."""
    charter = load_charter(text)
    found = [charter.pool.name, charter.operator.name]
    found += [m.name for m in charter.members] + [m.id for m in charter.members]
    found += [m.title for m in charter.meetings] + [m.id for m in charter.meetings]
    return found


DATA = [*BRAND, *TYPED, *(u.real_name for u in USERS), *(u.id for u in USERS)]


def assert_all_marked(fake: FakeSlack, charter: str) -> None:
    found = unmarked(fake.calls(), [*DATA, *charter_data(charter)])
    assert found == [], "texts that bypass the catalog:\n" + "\n".join(map(str, found[:40]))


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDO_ENV, "1")


@pytest.fixture
def pseudo_pool(
    pseudo: None, fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> Iterator[Harness]:
    yield from running(fake_slack, sqlite_url, tmp_path)


def test_a_motion_its_receipts_refusals_and_result_are_all_from_the_catalog(
    pseudo_pool: Harness,
) -> None:
    h = pseudo_pool
    message = open_motion(h, "general", {"title": TYPED[0], "text": TYPED[1]})
    vote(h, OUTSIDER, message, "yes")
    for user, choice in [(ACME, "yes"), (BETA, "no"), (GAMMA, "yes"), (DELTA, "abstain")]:
        status, _, _ = vote(h, user, message, choice)
        assert status == 200
    closed(h, message)
    eventually(lambda: [m for m in h.fake.messages(GOVERNANCE) if "adopted" in m.text])
    receipt = RECEIPT.search(" ".join(e.text for e in h.fake.ephemerals(ACME)))
    assert receipt is not None
    pool_says(h, ACME, f"receipt {receipt.group(1)}")
    pool_says(h, BETA, "receipt 0000-1111-2222")

    due = open_motion(h, "general", {"title": TYPED[6], "text": TYPED[1]}, period="1m")
    sweep_once(h)  # its 2-hour vote reminder is due at once: a DM to each representative
    eventually(lambda: h.fake.dms_to(BETA))
    later = open_motion(h, "general", {"title": TYPED[7], "text": TYPED[1]})
    h.slack.slash_command(OPERATOR, "/motion", f"withdraw {motion_id_of(later)} {TYPED[8]}")
    h.slack.slash_command(ACME, "/motion", f"withdraw {motion_id_of(due)} {TYPED[8]}")
    eventually(lambda: "*Withdrawn*" in text_of(current(h, later)))
    vote(h, BETA, later, "yes")  # refused: the motion is withdrawn
    eventually(lambda: len(h.fake.ephemerals(BETA)) >= 3)
    assert_all_marked(h.fake, CHARTER)


def test_the_pool_command_and_the_app_home_are_all_from_the_catalog(pseudo_pool: Harness) -> None:
    h = pseudo_pool
    open_motion(h, "general", {"title": TYPED[0], "text": TYPED[1]})
    topics = ["members", "help", "motions", "fees", "charter", "receipt 0000-1111-2222"]
    for user, topic in [(OPERATOR, "help"), *((ACME, topic) for topic in topics)]:
        pool_says(h, user, topic)
    pool_says(h, ACME, "nonsense")
    h.slack.event({"type": "app_home_opened", "user": ACME, "tab": "home"})
    eventually(lambda: h.fake.home_view(ACME))
    assert_all_marked(h.fake, CHARTER)


STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def pseudo_meeting(
    pseudo: None, fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yield from running_with_meetings(
        fake_slack, sqlite_url, tmp_path, meetings_yaml("2027-01-04T10:00"), clock
    )


def test_a_meeting_reminder_and_its_rsvps_are_all_from_the_catalog(pseudo_meeting: Harness) -> None:
    h = pseudo_meeting
    calls = len(h.fake.calls())
    h.slack.slash_command(ACME, "/meeting", "next")
    h.slack.slash_command(ACME, "/agenda", f"add {TYPED[2]}")
    h.slack.slash_command(OUTSIDER, "/agenda", f"add {TYPED[3]}")
    eventually(lambda: len(h.fake.calls()) >= calls + 3)
    clock_of(h).set(STARTS - timedelta(days=1) + timedelta(seconds=1))
    reminder = wait_for_post(h.fake, ASSEMBLY, "Reminder: General Assembly")
    answered = len(h.fake.calls())
    for user, action in [(ACME, "meeting_attending"), (GAMMA, "meeting_not_attending")]:
        h.slack.click(
            user, action, "assembly@2027-01-04T10:00", message_ts=reminder.ts, channel=ASSEMBLY
        )
    eventually(lambda: len(h.fake.calls()) >= answered + 2)
    assert_all_marked(h.fake, CHARTER + meetings_yaml("2027-01-04T10:00"))


@pytest.fixture
def pseudo_complaints(
    pseudo: None, fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> Iterator[Harness]:
    yield from complaint_flows.running(
        fake_slack, sqlite_url, tmp_path, complaint_flows.MovableClock(), complaint_flows.new_key()
    )


def test_a_complaint_and_its_notice_are_all_from_the_catalog(pseudo_complaints: Harness) -> None:
    h = pseudo_complaints
    status, _, _ = h.slack.slash_command(SUPERVISOR, "/complaint")
    assert status == 200
    eventually(lambda: complaint_flows.latest_view(h, SUPERVISOR, "complaint_file"))
    category = {"type": "static_select", "selected_option": {"value": "fee_calculation"}}
    values: dict[str, dict[str, object]] = {
        "category": {"value": category},
        "title": {"value": TYPED[4]},
        "concern": {"value": TYPED[5]},
        "evidence": {"value": ""},
    }
    answer = h.slack.submit_view(SUPERVISOR, "complaint_file", values)
    assert answer.status == 200, answer.text
    (filed,) = eventually(lambda: complaint_flows.complaints(h))
    # the supervisors' notice (its words, marked, need not read as one English phrase here)
    supervisors = complaint_flows.SUPERVISORS_CHANNEL
    eventually(lambda: any(filed.id in m.text for m in h.fake.messages(supervisors)))
    assert_all_marked(h.fake, CHARTER)
