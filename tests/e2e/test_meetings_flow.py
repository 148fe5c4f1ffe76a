"""A meeting through signed HTTP with a clock set by hand: the agenda, the reminders with their
RSVP buttons and forecast, the frozen agenda, check-in, the recorded quorum, and the minutes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import current, ephemerals_to, eventually, text_of
from tests.e2e.meeting_flows import (
    ASSEMBLY,
    meetings_yaml,
    post_calls,
    running_with_meetings,
    wait_for_post,
)
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, DELTA, GAMMA, OPERATOR, OUTSIDER

KEY = "assembly@2027-01-04T10:00"
STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def meeting(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yaml = meetings_yaml("2027-01-04T10:00")
    yield from running_with_meetings(fake_slack, any_url, tmp_path, yaml, clock)


def test_reminder_rsvps_forecast_check_in_quorum_and_minutes(meeting: Harness) -> None:
    h = meeting
    clock = clock_of(h)
    status, _, _ = h.slack.slash_command(ACME, "/meeting", "next")
    assert status == 200
    assert eventually(lambda: [e for e in ephemerals_to(h, ACME) if KEY in e] or _responded(h, KEY))

    h.slack.slash_command(ACME, "/agenda", "add Renew the licensing programme for 2028")
    eventually(lambda: _responded(h, "Added to the agenda of *General Assembly*"))
    h.slack.slash_command(OUTSIDER, "/agenda", "add Something")
    eventually(lambda: _responded(h, "Only the members' representatives may propose"))

    clock.set(STARTS - timedelta(days=1) + timedelta(seconds=1))
    reminder = wait_for_post(h.fake, ASSEMBLY, "Reminder: General Assembly")
    assert "quorum not yet expected" in text_of(reminder)
    for user, action in [
        (ACME, "meeting_attending"),
        (BETA, "meeting_attending"),
        (GAMMA, "meeting_not_attending"),
    ]:
        status, _, _ = h.slack.click(user, action, KEY, message_ts=reminder.ts, channel=ASSEMBLY)
        assert status == 200
    h.slack.click(
        ACME_DEPUTY, "meeting_not_attending", KEY, message_ts=reminder.ts, channel=ASSEMBLY
    )  # Acme's other representative changes Acme's answer
    # clicks are answered on threads of their own: the later answer is the one recorded later
    eventually(lambda: _responded(h, "Acme Corp is *not attending*"))
    h.slack.click(ACME, "meeting_attending", KEY, message_ts=reminder.ts, channel=ASSEMBLY)
    eventually(lambda: "Not attending: Gamma GmbH" in text_of(current_in(h, reminder.ts)))
    shown = eventually(lambda: _settled(h, reminder.ts, 5))
    assert "70.0% of the register" in shown
    assert "quorum expected" in shown
    assert "Attending: Acme Corp, Beta Ltd" in shown
    assert "Not attending: Gamma GmbH" in shown
    assert any("Acme Corp is *attending*" in e for e in _all_replies(h))

    clock.set(STARTS - timedelta(hours=2))
    agenda = wait_for_post(h.fake, ASSEMBLY, "Agenda (frozen)")
    sections = [b["text"]["text"] for b in agenda.blocks if b["type"] == "section"]
    assert sections[0].startswith(":scales: Competition-law notice")
    assert "Renew the licensing programme for 2028 _(Acme Corp)_" in text_of(agenda)
    h.slack.slash_command(BETA, "/agenda", "add Too late for this one")
    eventually(lambda: _responded(h, "(`assembly@2027-01-11T10:00`): Too late for this one"))

    clock.set(STARTS - timedelta(minutes=59))
    wait_for_post(h.fake, ASSEMBLY, "starts in 1h")

    clock.set(STARTS)
    check_in = wait_for_post(h.fake, ASSEMBLY, "has started")
    for user in (ACME, DELTA):
        h.slack.click(user, "meeting_check_in", KEY, message_ts=check_in.ts, channel=ASSEMBLY)
    eventually(lambda: "Acme Corp, Delta SA" in text_of(current_in(h, check_in.ts)))

    clock.set(STARTS + timedelta(minutes=15))
    result = wait_for_post(h.fake, ASSEMBLY, "Quorum met")
    assert "present 50.0% of the register's weight against a quorum of 50.0%" in result.text

    clock.set(STARTS + timedelta(hours=2, minutes=1))
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes record {KEY}")
    eventually(lambda: any(v.callback_id == "meeting_minutes" for v in h.fake.views_opened()))
    answer = h.slack.submit_view(OPERATOR, "meeting_minutes", {"minutes": {"value": "Adopted."}})
    assert answer.status == 200
    minutes = wait_for_post(h.fake, ASSEMBLY, "Minutes of General Assembly")
    assert "Adopted." in text_of(minutes)
    h.slack.slash_command(GAMMA, "/meeting", "minutes")
    eventually(lambda: _responded(h, "Adopted."))

    for needle in ("starts in 1d", "starts in 1h", "Agenda (frozen)", "has started", "Quorum met"):
        assert post_calls(h.fake, ASSEMBLY, needle) == 1, needle


def test_a_cancelled_meeting_sends_nothing_and_a_moved_one_reminds_at_its_new_time(
    meeting: Harness,
) -> None:
    h = meeting
    clock = clock_of(h)
    h.slack.slash_command(OPERATOR, "/meeting", f"cancel {KEY} holiday")
    wait_for_post(h.fake, ASSEMBLY, "is cancelled")
    second = "assembly@2027-01-11T10:00"
    h.slack.slash_command(OPERATOR, "/meeting", f"move {second} 2027-01-12T15:00")
    wait_for_post(h.fake, ASSEMBLY, "moved to")
    h.slack.slash_command(ACME, "/meeting", f"move {second} 2027-01-13T15:00")
    eventually(lambda: _responded(h, "Only the operator may move a meeting"))

    clock.set(STARTS + timedelta(minutes=30))
    moved_start = datetime(2027, 1, 12, 7, 0, tzinfo=UTC)
    clock.set(moved_start - timedelta(days=1) + timedelta(seconds=5))
    wait_for_post(h.fake, ASSEMBLY, "starts in 1d")
    assert post_calls(h.fake, ASSEMBLY, "has started") == 0
    assert post_calls(h.fake, ASSEMBLY, "starts in 1d") == 1


def current_in(h: Harness, ts: str):
    shown = h.fake.message(ASSEMBLY, ts)
    assert shown is not None
    return shown


def _settled(h: Harness, ts: str, answers: int) -> str | None:
    """The reminder's text once all ``answers`` were acknowledged and rendered after the last."""
    replies = [r for r in _all_replies(h) if "Recorded:" in r]
    if len(replies) < answers:
        return None
    assert h.bot.refresher.flush(timeout=60)
    return text_of(current_in(h, ts))


def _all_replies(h: Harness) -> list[str]:
    return [str(c.params) for c in h.fake.calls("response_url")]


def _responded(h: Harness, needle: str) -> bool:
    return any(needle in reply for reply in _all_replies(h))


__all__ = ["current"]
