"""The minutes lifecycle on SQLite and PostgreSQL: concurrent corrections get distinct numbers,
the old recording path refuses locked minutes too, and every step is on the audit chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.bootstrap import Storage
from governance.meetings.commands import RecordMinutes
from governance.minutes.lifecycle import ApprovedBy, MinutesLocked, MinutesState
from governance.services.meeting_minutes import record_minutes
from governance.services.minutes_review import (
    approve_at_meeting,
    decide_correction,
    propose_correction,
    record_and_circulate,
    review_of,
)
from tests.integration.charters import OPERATOR, representative
from tests.integration.meeting_steps import (
    CALENDAR,
    KEY_MAR_1,
    START_MAR_1,
    audit_kinds,
    meeting_pool,
)

__all__ = ["meeting_pool"]
AFTER = START_MAR_1 + timedelta(hours=2)
NEXT_KEY = "weekly@2027-03-08T10:00"


def test_concurrent_corrections_then_approval_and_lock(meeting_pool: Storage) -> None:
    pool = meeting_pool
    parse = pool.parse_charter
    done = record_and_circulate(
        OPERATOR,
        KEY_MAR_1,
        "Adopted.",
        lambda o: f"Approve {o.key}",
        pool.uow(),
        AFTER,
        parse,
        CALENDAR,
    )
    assert done.agenda_key == NEXT_KEY
    members = ["acme", "beta", "gamma", "delta"] * 3

    def propose(member: str) -> int:
        made = propose_correction(
            representative(member),
            KEY_MAR_1,
            f"From {member}.",
            pool.uow(),
            AFTER,
            parse,
            CALENDAR,
        )
        return made.correction.id

    with ThreadPoolExecutor(max_workers=4) as workers:
        numbers = sorted(workers.map(propose, members))
    assert numbers == list(range(1, len(members) + 1))
    for number in numbers:
        decide_correction(
            OPERATOR, number, number % 2 == 0, "Considered.", pool.uow(), AFTER, parse, CALENDAR
        )
    sitting = START_MAR_1 + timedelta(days=7, minutes=5)
    locked = approve_at_meeting(OPERATOR, KEY_MAR_1, NEXT_KEY, pool.uow(), sitting, parse, CALENDAR)
    assert locked.review.state is MinutesState.LOCKED
    assert locked.review.approved_by is ApprovedBy.MEETING
    stored = review_of(pool.reader(), KEY_MAR_1)
    assert stored is not None
    assert stored.text_hash == locked.review.text_hash
    assert len(stored.accepted) == len(members) // 2

    with pytest.raises(MinutesLocked):
        record_minutes(
            RecordMinutes(OPERATOR, KEY_MAR_1, "Again."), pool.uow(), sitting, parse, CALENDAR
        )
    with pytest.raises(MinutesLocked):
        record_and_circulate(
            OPERATOR, KEY_MAR_1, "Again.", lambda o: "x", pool.uow(), sitting, parse, CALENDAR
        )
    kinds = audit_kinds(pool)
    assert kinds.count("minutes_correction_proposed") == len(members)
    assert kinds.count("minutes_correction_decided") == len(members)
    assert kinds[-1] == "minutes_locked"
