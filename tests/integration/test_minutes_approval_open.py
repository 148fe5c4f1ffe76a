"""Opening a ``minutes_approval`` motion in storage, on SQLite and PostgreSQL: refused, with
nothing written, unless the minutes it approves are out for review and no other open motion
approves them."""

from __future__ import annotations

import pytest

from bot.bootstrap import Storage
from governance.commands import OpenMotion
from governance.errors import PayloadInvalid
from governance.kinds import MinutesApproval
from governance.minutes import lifecycle as lc
from governance.services import open_motion
from governance.services.minutes_review import minutes_uow
from governance.services.queries import recent_motions
from tests.integration.charters import OPERATOR
from tests.integration.conftest import NOW
from tests.integration.helpers import WEEK, circulate_minutes

KEY = "assembly@2027-01-04T10:00"


def approve(pool: Storage) -> str:
    command = OpenMotion(OPERATOR, "Approve the minutes", "", MinutesApproval(KEY))
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)
    return opened.motion_id


def refusal(pool: Storage) -> str:
    with pytest.raises(PayloadInvalid) as refused:
        approve(pool)
    assert refused.value.field == "occurrence_key"
    return refused.value.reason


def test_no_minutes_no_approval_motion(pool: Storage) -> None:
    assert refusal(pool) == f"no minutes are recorded for {KEY}; `/meeting minutes` lists them"
    assert recent_motions(pool.reader(), 5) == []


def test_one_open_approval_motion_at_a_time(pool: Storage) -> None:
    circulate_minutes(pool, KEY, NOW)
    first = approve(pool)
    assert refusal(pool) == f"motion {first} already puts the minutes of {KEY} to the members"
    assert len(recent_motions(pool.reader(), 5)) == 1


def test_approved_minutes_take_no_approval_motion(pool: Storage) -> None:
    circulate_minutes(pool, KEY, NOW)
    with minutes_uow(pool.uow()) as uow:
        review = uow.minutes_reviews.get(KEY)
        assert review is not None
        locked = lc.approve_and_lock(review, lc.ApprovedBy.MEETING, "m@2027-01-11T10:00", NOW)
        entry = uow.audit.append("minutes_locked", {"occurrence_key": KEY}, NOW + WEEK)
        uow.minutes_reviews.save(locked, entry.seq, entry.entry_hash)
        uow.commit()
    assert refusal(pool) == f"the minutes of {KEY} are approved already"


def test_a_draft_not_yet_out_for_review_takes_no_approval_motion(pool: Storage) -> None:
    with minutes_uow(pool.uow()) as uow:
        entry = uow.audit.append("minutes_recorded", {"occurrence_key": KEY}, NOW)
        uow.minutes_reviews.save(lc.draft(KEY, "Adopted.", NOW), entry.seq, entry.entry_hash)
        uow.commit()
    assert refusal(pool) == f"the minutes of {KEY} are a draft, not yet out for review"
