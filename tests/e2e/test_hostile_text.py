"""People's text through signed HTTP never mentions, broadcasts or links: an agenda item that
begins with ``<!channel>``, the operator's cancel and move reasons, a motion's title and text,
and the result, each posted by poolgov escaped, with no token in any message it did not build."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import FakeSlack
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import closed, motion_id_of, open_motion, text_of, vote_all
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml, running_with_meetings, wait_for_post
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, DELTA, GAMMA, OPERATOR
from tests.mrkdwn_audit import HOSTILE, HOSTILE_SHOWN, message_problems, mrkdwn_texts

KEY = "assembly@2027-01-04T10:00"
SECOND = "assembly@2027-01-11T10:00"
STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
#: every user poolgov may mean to mention here: the pool's own people
POOL_USERS = (OPERATOR, ACME, ACME_DEPUTY, BETA, GAMMA, DELTA)
CHANNELS = (ASSEMBLY,)


@pytest.fixture
def meeting(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yaml = meetings_yaml("2027-01-04T10:00")
    yield from running_with_meetings(fake_slack, sqlite_url, tmp_path, yaml, clock)


def sent(h: Harness) -> list[tuple[str | None, Any]]:
    """Every text and block list poolgov sent: posts, updates, ephemerals, response_url answers,
    views (a Home tab or modal's mrkdwn is parsed too)."""
    out: list[tuple[str | None, Any]] = []
    for call in h.fake.calls():
        params = call.params
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"):
            out.append((params.get("text"), params.get("blocks")))
        elif call.method.startswith("views."):
            out.append((None, params.get("view")))
    return out


def test_hostile_text_from_members_and_the_operator_is_shown_escaped(meeting: Harness) -> None:
    h = meeting
    clock = clock_of(h)
    h.slack.slash_command(ACME, "/agenda", f"add <!channel> {HOSTILE}")
    h.slack.slash_command(OPERATOR, "/meeting", f"cancel {SECOND} <!here> {HOSTILE}")
    h.slack.slash_command(OPERATOR, "/meeting", f"move {KEY} 2027-01-04T10:00 {HOSTILE}")
    wait_for_post(h.fake, ASSEMBLY, "is cancelled")
    wait_for_post(h.fake, ASSEMBLY, "moved to")
    clock.set(STARTS - timedelta(hours=2))
    agenda = wait_for_post(h.fake, ASSEMBLY, "Agenda (frozen)")
    assert f"1. &lt;!channel&gt; {HOSTILE_SHOWN} _(Acme Corp)_" in text_of(agenda)

    message = open_motion(h, "general", {"title": f"Budget {HOSTILE}", "text": HOSTILE})
    vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "no", DELTA: "abstain"})
    result = closed(h, message)
    assert result.text == f"Motion {motion_id_of(message)} carried: Budget {HOSTILE_SHOWN}"
    assert HOSTILE_SHOWN in "\n".join(mrkdwn_texts(message.blocks))  # the motion's text
    assert h.bot.refresher.flush(timeout=60)

    messages = sent(h)
    assert len(messages) > 10
    problems = [
        p for text, blocks in messages for p in message_problems(text, blocks, POOL_USERS, CHANNELS)
    ]
    assert problems == []
    shown = [t for text, blocks in messages for t in [text or "", *mrkdwn_texts(blocks)]]
    assert sum(HOSTILE_SHOWN in t for t in shown) >= 5  # shown whole, as text, everywhere
