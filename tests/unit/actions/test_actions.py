"""Follow-up actions as pure rules: defaults per kind, due dates, done with a note, reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.action_rules import ActionRules, ActionTemplate, Anchor
from governance.actions import (
    Action,
    ActionAlreadyDone,
    ActionInvalid,
    ActionSource,
    NotActionOwner,
    actions_for_motion,
    by_owner_and_due,
    mark_done,
    new_action,
    reminder_key,
    reminders_due,
)
from governance.charter import MotionKind

ZONE = ZoneInfo("Asia/Shanghai")
CLOSED = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
OPS, SUPS = ("U0OPS1",), ("U0SUPER1",)


def action(**changes: object) -> Action:
    base = Action(1, "Sign", "operator", CLOSED + timedelta(days=30), CLOSED, "poolgov",
                  ActionSource.MOTION, "7")  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_every_kind_with_an_effect_has_a_default_action() -> None:
    rules = ActionRules()
    for kind in ("admission", "fee_change", "distribution_change", "expulsion",
                 "charter_amendment"):  # fmt: skip
        assert rules.for_kind(kind), kind
    assert rules.for_kind(MotionKind.GENERAL) == ()


def test_an_admission_is_due_thirty_days_after_the_close() -> None:
    (new,) = actions_for_motion("7", MotionKind.ADMISSION, None, ActionRules(), CLOSED, ZONE)
    assert new.owner == "operator"
    assert new.due_at == CLOSED + timedelta(days=30)
    assert new.template_key == "admission.agreement"


def test_a_fee_change_is_due_before_its_effective_date_in_the_pools_zone() -> None:
    (new,) = actions_for_motion(
        "8", MotionKind.FEE_CHANGE, date(2027, 7, 1), ActionRules(), CLOSED, ZONE
    )
    assert new.due_at == datetime(2027, 6, 30, 16, 0, tzinfo=UTC)  # midnight in Shanghai


def test_a_charter_written_kind_replaces_its_defaults() -> None:
    rules = ActionRules(
        {
            "fee_change": (
                ActionTemplate(
                    "Tell them", "U0SUPER1", timedelta(days=2), Anchor.EFFECTIVE_DATE, before=True
                ),
            )
        }
    )
    (new,) = actions_for_motion("8", MotionKind.FEE_CHANGE, date(2027, 7, 1), rules, CLOSED, ZONE)
    assert new.due_at == datetime(2027, 6, 28, 16, 0, tzinfo=UTC)
    assert new.owner == "U0SUPER1"
    assert new.template_key is None
    assert actions_for_motion("9", MotionKind.ADMISSION, None, rules, CLOSED, ZONE) == []


def test_the_owner_or_the_operator_marks_done_with_a_note_once() -> None:
    mine = action(owner="U0ACME1")
    with pytest.raises(NotActionOwner):
        mark_done(mine, "U0BETA1", "done", CLOSED, OPS, SUPS)
    with pytest.raises(ActionInvalid):
        mark_done(mine, "U0ACME1", "  ", CLOSED, OPS, SUPS)
    done = mark_done(mine, "U0ACME1", " Signed ", CLOSED, OPS, SUPS)
    assert (done.status.value, done.note, done.done_by) == ("done", "Signed", "U0ACME1")
    with pytest.raises(ActionAlreadyDone):
        mark_done(done, "U0OPS1", "again", CLOSED, OPS, SUPS)
    assert mark_done(mine, "U0OPS1", "by the operator", CLOSED, OPS, SUPS).is_open is False
    assert not mark_done(action(owner="supervisors"), "U0SUPER1", "ok", CLOSED, OPS, SUPS).is_open


def test_one_reminder_per_offset_the_latest_due_and_none_once_overdue_or_done() -> None:
    a = action()
    befores = (timedelta(days=3), timedelta(days=1))
    assert reminders_due(a, befores, a.due_at - timedelta(days=4), set()) == []
    (first,) = reminders_due(a, befores, a.due_at - timedelta(days=2), set())
    assert first.before == timedelta(days=3)
    assert reminders_due(a, befores, a.due_at - timedelta(days=2), {first.key}) == []
    (second,) = reminders_due(a, befores, a.due_at - timedelta(hours=2), {first.key})
    assert second.key == reminder_key(1, timedelta(days=1))
    (only,) = reminders_due(a, befores, a.due_at - timedelta(hours=2), set())  # after a pause
    assert only.before == timedelta(days=1)
    assert reminders_due(a, befores, a.due_at, set()) == []
    assert a.overdue(a.due_at)
    assert not a.overdue(a.due_at - timedelta(seconds=1))
    done = mark_done(a, "U0OPS1", "ok", CLOSED, OPS, SUPS)
    assert reminders_due(done, befores, a.due_at - timedelta(hours=2), set()) == []
    assert not done.overdue(a.due_at + timedelta(days=9))


def test_an_added_action_is_checked() -> None:
    with pytest.raises(ActionInvalid):
        new_action(" ", "operator", CLOSED, ActionSource.OPERATOR)
    with pytest.raises(ActionInvalid):
        new_action("x" * 501, "operator", CLOSED, ActionSource.OPERATOR)
    with pytest.raises(ActionInvalid):
        new_action("Send it", "everyone", CLOSED, ActionSource.OPERATOR)
    made = new_action(" Send it ", "U0ACME1", CLOSED, ActionSource.MINUTES, occurrence_key="k")
    assert (made.description, made.owner, made.occurrence_key) == ("Send it", "U0ACME1", "k")


def test_open_actions_are_listed_by_owner_then_due_date() -> None:
    a = action(id=1, owner="operator", due_at=CLOSED + timedelta(days=9))
    b = action(id=2, owner="U0ACME1", due_at=CLOSED + timedelta(days=20))
    c = action(id=3, owner="operator", due_at=CLOSED + timedelta(days=2))
    d = mark_done(action(id=4), "U0OPS1", "x", CLOSED, OPS, SUPS)
    assert [x.id for x in by_owner_and_due([a, b, c, d])] == [2, 3, 1]
