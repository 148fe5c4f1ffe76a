"""A complaint step whose process dies right after its commit, before the listener sends its
notices: the step queued them in its own transaction, so the sweep sends each exactly once, and
each says what its step did (not what the complaint became since)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.outbox import FRESH
from bot.sandbox import FakeSlack
from bot.slack.complaint_blocks import summary_line
from governance.complaints import ComplaintCategory
from governance.services import complaints as services
from governance.services.complaint_commands import (
    AcknowledgeComplaint,
    AnswerComplaint,
    ComplaintToMotion,
    FileComplaint,
    RejectAnswer,
)
from governance.services.complaint_motion import complaint_to_motion
from tests.e2e.clocks import HandClock
from tests.e2e.complaint_flows import SUPERVISORS_CHANNEL, new_key
from tests.e2e.conftest import Harness, clock_of, running, sweep_once
from tests.e2e.pool import GOVERNANCE, OPERATOR, SUPERVISOR
from tests.e2e.pseudo import PseudoCheck, strip_marks

CANARY = "CANARY-0c4e91aa-crash"


@pytest.fixture
def h(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on SQLite and PostgreSQL on a hand clock, with its own complaint key."""
    yield from running(
        fake_slack, any_url, tmp_path, clock=HandClock(), POOLGOV_COMPLAINT_KEY=new_key()
    )


def about(h: Harness, channel: str, complaint_id: str) -> list[str]:
    """The texts of the messages in ``channel`` that speak of complaint ``complaint_id``."""
    return [m.text for m in h.fake.messages(channel) if f"Complaint *{complaint_id}*" in m.text]


def plain_line(complaint: Any) -> str:
    """The summary line as the tests read it in the stand-in Slack: without the markers."""
    return strip_marks(summary_line(complaint))


def sweeps(h: Harness, times: int = 3) -> None:
    """The sweep runs after the listener's grace for fresh notices, several times over."""
    clock_of(h).advance(FRESH + timedelta(seconds=1))
    for _ in range(times):
        sweep_once(h)


def test_a_filing_whose_listener_never_ran_is_announced_once_by_the_sweep(
    h: Harness,
) -> None:
    rt = h.bot.runtime
    command = FileComplaint(
        SUPERVISOR, ComplaintCategory.FEE_CALCULATION, f"Title {CANARY}", f"Concern {CANARY}"
    )
    [filed] = services.file_complaint(command, rt.new_uow(), rt.clock(), rt.parse)
    cid = filed.complaint.id
    assert about(h, SUPERVISORS_CHANNEL, cid) == []  # the process died before announcing

    sweeps(h)

    line = plain_line(filed.complaint)
    assert "*filed*" in line
    assert about(h, SUPERVISORS_CHANNEL, cid) == [f":memo: New {line}"]
    dms = [m.text for m in h.fake.dms_to(OPERATOR) if f"Complaint *{cid}*" in m.text]
    assert dms == [
        f":memo: New {line}. Open it from poolgov's App Home or with `/complaint show {cid}`."
    ]
    assert not [c for c in h.fake.calls() if CANARY in str(c.params)]


def test_each_step_sent_late_says_the_step_it_names_not_the_status_reached_since(
    h: Harness, pseudo_check: PseudoCheck
) -> None:
    pseudo_check.typed("Audit it", "Resolved.")
    rt = h.bot.runtime
    command = FileComplaint(SUPERVISOR, ComplaintCategory.CONDUCT, "Title", "Concern")
    [filed] = services.file_complaint(command, rt.new_uow(), rt.clock(), rt.parse)
    cid = filed.complaint.id
    acknowledge = AcknowledgeComplaint(cid, OPERATOR)
    [acknowledged] = services.acknowledge_complaint(acknowledge, rt.new_uow(), rt.clock(), rt.parse)
    answer = AnswerComplaint(cid, OPERATOR, "Answer")
    [answered] = services.answer_complaint(answer, rt.new_uow(), rt.clock(), rt.parse)
    reject = RejectAnswer(cid, SUPERVISOR, "Not enough")
    services.reject_answer(reject, rt.new_uow(), rt.clock(), rt.parse)
    to_motion = ComplaintToMotion(cid, SUPERVISOR, "Audit it", "Resolved.", GOVERNANCE)
    linked, _ = complaint_to_motion(to_motion, rt.new_uow(), rt.clock(), rt.parse)
    assert about(h, SUPERVISORS_CHANNEL, cid) == []  # no listener ran after any step

    sweeps(h)

    texts = about(h, SUPERVISORS_CHANNEL, cid)
    assert sorted(texts) == sorted(
        [
            f":memo: New {plain_line(filed.complaint)}",
            plain_line(acknowledged.complaint),
            plain_line(answered.complaint),
            f":rotating_light: Escalated: {plain_line(linked.complaint)}. "
            "It is on the agenda of the next meeting.",
            f":ballot_box: {plain_line(linked.complaint)}: put to the members",
        ]
    )
    assert "*acknowledged*" in plain_line(acknowledged.complaint)
    assert "*answered*" in plain_line(answered.complaint)
