"""Follow-up actions in storage: created once with a carried motion, added by the operator and
from the minutes, marked done, and all of it replayed by ``audit verify`` on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import Storage
from governance.actions import (
    Action,
    ActionAlreadyDone,
    ActionSource,
    NotActionOwner,
    UnknownAction,
    new_action,
)
from governance.charter import MotionKind
from governance.errors import NotAuthorised
from governance.services import actions as service
from governance.services import closing
from governance.tally import Choice
from storage.audit.verify import Checked, verify_database
from tests.integration.charters import OPERATOR, representative
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import close, open_kind, record_is_clean, vote
from tests.integration.record_pool import Motions, build_record_pool

LATER = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def verified(pool: Storage) -> Checked:
    with pool.uow() as uow:
        result = verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter)
        uow.rollback()
    assert isinstance(result, Checked), result
    return result


def from_minutes(pool: Storage, occurrence_key: str, description: str, due: datetime) -> Action:
    """An action the minutes of ``occurrence_key`` record, written as ``add_to_minutes`` writes
    it once its checks pass (those checks have their own tests, with real minutes)."""
    new = new_action(
        description, "supervisors", due, ActionSource.MINUTES, occurrence_key=occurrence_key
    )
    with pool.uow() as uow:
        action = service.record_action(uow, new, LATER, OPERATOR)
        uow.commit()
    return action


@pytest.fixture
def record(runtime: Storage) -> tuple[Storage, Motions]:
    return runtime, build_record_pool(runtime)


def test_carried_motions_create_their_default_actions_once(record) -> None:
    pool, motions = record
    by_motion = {a.motion_id: a for a in service.all_actions(pool.reader())}
    admission = by_motion[motions.admission]
    assert admission.template_key == "admission.agreement"
    assert admission.owner == "operator"
    assert admission.due_at - admission.created_at == timedelta(days=30)
    assert by_motion[motions.fee].template_key == "fee_change.notify"
    assert by_motion[motions.distribution].template_key == "distribution_change.apply"
    assert by_motion[motions.amendment].template_key == "charter_amendment.publish"
    assert motions.failed not in by_motion
    assert motions.withdrawn not in by_motion
    checked = verified(pool)
    assert record_is_clean(checked)
    assert checked.compared["follow_up_actions"] == len(by_motion)


def test_operator_and_minutes_add_actions_the_owner_marks_done_and_verify_replays_it(
    record,
) -> None:
    pool, motions = record
    added = service.add_action(
        pool.uow(), pool.parse_charter, LATER, OPERATOR, "Send the licensees the new terms",
        representative("acme"), LATER + timedelta(days=5), motions.fee,
    )  # fmt: skip
    minuted = from_minutes(
        pool, "board/20270301T020000Z", "Circulate the audit plan", LATER + timedelta(days=9)
    )
    assert minuted.source.value == "minutes"
    found = service.actions_of_occurrence(pool.reader(), "board/20270301T020000Z")
    assert [a.id for a in found] == [minuted.id]
    with pytest.raises(NotAuthorised):
        service.add_action(
            pool.uow(), pool.parse_charter, LATER, representative("beta"), "x", "operator", LATER
        )
    with pytest.raises(NotActionOwner):
        service.complete_action(
            pool.uow(), pool.parse_charter, LATER, representative("beta"), str(added.id), "done"
        )
    done = service.complete_action(
        pool.uow(), pool.parse_charter, LATER, representative("acme"), str(added.id), "Sent."
    )
    assert done.note == "Sent."
    assert done.done_by == representative("acme")
    with pytest.raises(ActionAlreadyDone):
        service.complete_action(
            pool.uow(), pool.parse_charter, LATER, OPERATOR, str(added.id), "again"
        )
    with pytest.raises(UnknownAction):
        service.complete_action(pool.uow(), pool.parse_charter, LATER, OPERATOR, "999", "x")
    assert added.id not in {a.id for a in service.open_actions(pool.reader())}
    assert record_is_clean(verified(pool))


def test_an_action_altered_outside_poolgov_is_a_finding(record) -> None:
    pool, motions = record
    with pool.uow() as uow:
        uow.session.connection().exec_driver_sql(
            "UPDATE follow_up_actions SET owner = 'supervisors', status = 'done'"
            f" WHERE motion_id = {motions.admission}"
        )
        result = verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter)
        uow.rollback()
    assert isinstance(result, Checked)
    fields = {(f.table, f.field) for f in result.findings}
    assert ("follow_up_actions", "owner") in fields
    assert ("follow_up_actions", "status") in fields


def test_reminders_and_overdue_are_owed_until_claimed(record) -> None:
    pool, motions = record
    (admission,) = [
        a for a in service.all_actions(pool.reader()) if a.motion_id == motions.admission
    ]
    early = admission.due_at - timedelta(days=5)
    assert service.reminders_owed(pool.reader(), pool.parse_charter, early) == []
    near = admission.due_at - timedelta(days=2)
    owed = [r for r in service.reminders_owed(pool.reader(), pool.parse_charter, near)
            if r.action_id == admission.id]  # fmt: skip
    assert [r.before for r in owed] == [timedelta(days=3)]
    past = admission.due_at + timedelta(minutes=1)
    assert admission.id in {a.id for a in service.overdue_unflagged(pool.reader(), past)}


def test_a_close_that_dies_before_its_commit_leaves_no_action_and_the_retry_makes_one(
    pool: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:

    motion = open_kind(pool, MotionKind.ADMISSION, NOW).motion_id
    for member in ("acme", "beta", "gamma", "delta"):
        vote(pool, motion, member, Choice.YES, NOW)

    def crash(*args: object) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(closing, "enqueue_result", crash)
    with pytest.raises(RuntimeError):
        close(pool, motion, NOW)
    assert service.actions_of_motion(pool.reader(), motion) == []
    monkeypatch.undo()
    assert close(pool, motion, NOW)
    assert close(pool, motion, NOW) == []  # a second closer finds it closed
    (action,) = service.actions_of_motion(pool.reader(), motion)
    assert action.template_key == "admission.agreement"
    assert record_is_clean(verified(pool))
