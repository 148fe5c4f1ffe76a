"""A pool with a weekly meeting in Berlin, and the steps the meeting storage tests repeat."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.bootstrap import Storage
from bot.meeting_calendar import RruleCalendar
from governance.commands import InitialisePool
from governance.services import initialise_pool
from storage.audit.log import read_entries
from tests.integration.charters import charter_text
from tests.integration.conftest import NOW

CALENDAR = RruleCalendar()
# Mondays 10:00 Berlin from 2027-03-01: the clocks go forward on 2027-03-28.
KEY_MAR_1 = "weekly@2027-03-01T10:00"
KEY_MAR_22 = "weekly@2027-03-22T10:00"
KEY_MAR_29 = "weekly@2027-03-29T10:00"
START_MAR_1 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 CET
START_MAR_29 = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 CEST

MEETINGS = """\
meetings:
  - id: weekly
    title: Weekly Committee
    rrule: "FREQ=WEEKLY;BYDAY=MO"
    starts: 2027-03-01T10:00
    duration: 1h
    channel: C0WEEKLY
    quorum: 1/2
    reminders: [2d, 1h]
    agenda_closes: 1d
    check_in_grace: 10m
"""


def meeting_charter() -> str:
    return charter_text(4) + MEETINGS


@pytest.fixture
def meeting_pool(runtime: Storage) -> Storage:
    """Acme 1/10, Beta 1/5, Gamma 3/10, Delta 2/5 of the weight; a weekly meeting."""
    before = datetime(2027, 2, 20, 9, 0, tzinfo=UTC)
    initialise_pool(InitialisePool(meeting_charter()), runtime.uow(), before, runtime.parse_charter)
    assert before < NOW
    return runtime


def audit_kinds(pool: Storage) -> list[str]:
    with pool.reader() as uow:
        return [json.loads(e.body)["kind"] for e in read_entries(uow.session)]
