"""Minutes through signed HTTP with a clock set by hand: drafted and posted for review, one
correction accepted and one declined, listed on the next meeting's agenda, approved there and
locked; re-recording them is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli.app import app
from bot.sandbox import FakeSlack
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import eventually, text_of
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml, running_with_meetings, wait_for_post
from tests.e2e.pool import ACME, BETA, GAMMA, OPERATOR

KEY = "assembly@2027-01-04T10:00"
NEXT = "assembly@2027-01-11T10:00"
STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def meeting(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yaml = meetings_yaml("2027-01-04T10:00", reminders="[]")
    yield from running_with_meetings(fake_slack, any_url, tmp_path, yaml, clock)


def verify(h: Harness) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--database-url", h.settings.database_url],
        env={"POOLGOV_AUDIT_KEY": "e2e-audit-key"},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def replies(h: Harness) -> list[str]:
    return [str(c.params) for c in h.fake.calls("response_url")]


def replied(h: Harness, needle: str) -> bool:
    return any(needle in r for r in replies(h))


def record(h: Harness, text: str) -> int:
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes record {KEY}")
    eventually(lambda: any(v.callback_id == "meeting_minutes" for v in h.fake.views_opened()))
    return h.slack.submit_view(OPERATOR, "meeting_minutes", {"minutes": {"value": text}}).status


def propose(h: Harness, user: str, draft_ts: str, text: str) -> None:
    opened = len([v for v in h.fake.views_opened() if v.callback_id == "minutes_correction"])
    h.slack.click(user, "minutes_propose_correction", KEY, message_ts=draft_ts, channel=ASSEMBLY)
    eventually(
        lambda: len([v for v in h.fake.views_opened() if v.callback_id == "minutes_correction"])
        > opened
    )
    answer = h.slack.submit_view(user, "minutes_correction", {"correction": {"value": text}})
    assert answer.status == 200


def test_minutes_reviewed_corrected_approved_at_the_next_meeting_and_locked(
    meeting: Harness,
) -> None:
    h = meeting
    clock = clock_of(h)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    assert record(h, "Adopted the 2027 budget.") == 200
    draft = wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    assert "Adopted the 2027 budget." in text_of(draft)
    assert "minutes_propose_correction" in text_of(draft)
    assert NEXT in text_of(draft)  # the next meeting's agenda lists their approval

    propose(h, ACME, draft.ts, "The budget is for 2028.")
    first = wait_for_post(h.fake, ASSEMBLY, "Correction 1 to the minutes")
    assert "Acme Corp" in text_of(first)
    propose(h, BETA, draft.ts, "Say <!channel> the budget failed.")
    second = wait_for_post(h.fake, ASSEMBLY, "Correction 2 to the minutes")
    assert "<!channel>" not in second.text  # what people type stays escaped

    h.slack.slash_command(GAMMA, "/meeting", "minutes accept 1 Right year.")
    eventually(lambda: replied(h, "Only the operator may decide on corrections"))
    h.slack.slash_command(OPERATOR, "/meeting", "minutes approve " + KEY + " " + NEXT)
    eventually(lambda: replied(h, "are approved by a later meeting once it has started"))

    h.slack.slash_command(OPERATOR, "/meeting", "minutes accept 1 Right year.")
    wait_for_post(h.fake, ASSEMBLY, "Correction 1 to the minutes of *General Assembly* is *accepted*")
    h.slack.slash_command(OPERATOR, "/meeting", "minutes decline 2 The budget was adopted.")
    wait_for_post(h.fake, ASSEMBLY, "is *declined*: The budget was adopted.")
    h.slack.slash_command(OPERATOR, "/meeting", "minutes decline 2 Again.")
    eventually(lambda: replied(h, "Correction 2 is already decided (declined)."))

    clock.set(STARTS + timedelta(days=7) - timedelta(hours=2))
    agenda = wait_for_post(h.fake, ASSEMBLY, "Agenda (frozen)")
    assert f"Approval of the minutes of General Assembly ({KEY})" in text_of(agenda)

    clock.set(STARTS + timedelta(days=7, minutes=20))
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes approve {KEY}")
    approved = wait_for_post(h.fake, ASSEMBLY, "Approved minutes of General Assembly")
    shown = text_of(approved)
    assert "The budget is for 2028." in shown  # the accepted correction
    assert "the budget failed" not in shown  # the declined one
    assert f"approved by the meeting `{NEXT}`" in shown

    status = record(h, "Something else entirely.")
    assert status == 200
    refused = [c for c in h.fake.calls("views.open") if "minutes" in str(c.params)]
    assert refused  # the modal is not offered again
    eventually(lambda: replied(h, "are approved and locked; a later correction needs a new motion"))

    h.slack.click(ACME, "minutes_propose_correction", KEY, message_ts=draft.ts, channel=ASSEMBLY)
    eventually(lambda: sum("approved and locked" in r for r in replies(h)) >= 2)

    assert verify(h)[0] == 0  # minutes and corrections replay from the chain
    with h.bot.storage.uow() as uow:
        uow.session.execute(text("UPDATE minutes_corrections SET reason = 'Fine.' WHERE id = 2"))
        uow.session.execute(text("UPDATE minutes_reviews SET text_hash = 'x'"))
        uow.commit()
    status, output = verify(h)
    assert status == 1
    assert "minutes_corrections [correction 2] reason" in output
    assert f"minutes_reviews [minutes {KEY}] text_hash" in output
