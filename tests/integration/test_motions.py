"""Opening, withdrawing and closing motions, the register's updates, and the bot's queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from governance.charter import MotionKind
from governance.commands import CloseMotion, OpenMotion, UpdateMember, WithdrawMotion
from governance.errors import (
    CharterError,
    MotionNotOpen,
    NotAuthorised,
    PayloadInvalid,
    TooEarlyToClose,
)
from governance.kinds import Admission, CharterAmendment, General
from governance.motion import MotionState
from governance.services import close_motion, open_motion, update_member, withdraw_motion
from governance.services.queries import (
    current_register,
    get_motion,
    member_names,
    motions_due,
    open_motions,
    recent_motions,
    role_of,
)
from governance.tally import Choice
from storage.tables import MemberChangeRow
from tests.integration.charters import OPERATOR, SUPERVISOR, charter_text
from tests.integration.conftest import NOW
from tests.integration.helpers import WEEK, close, every_row, open_kind, vote


def test_a_motion_may_carry_its_own_voting_period_and_falls_due_at_its_deadline(pool):
    command = OpenMotion(OPERATOR, "Quick one", "…", General(), voting_period=timedelta(hours=2))
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)

    assert opened.closes_at == NOW + timedelta(hours=2)
    assert motions_due(pool.reader(), NOW + timedelta(hours=1)) == []
    assert motions_due(pool.reader(), NOW + timedelta(hours=2)) == [opened.motion_id]
    assert [v.motion.id for v in open_motions(pool.reader())] == [opened.motion_id]


@pytest.mark.parametrize(
    ("actor", "payload", "refusal"),
    [
        ("U0ACME1", General(), NotAuthorised),
        (OPERATOR, Admission("acme", "Acme again", 1, ("U0NEW",)), PayloadInvalid),
        (OPERATOR, CharterAmendment(charter_text(4).replace("cap: 1/2", "cap: 1/5")), CharterError),
    ],
)
def test_a_refused_motion_is_never_opened(pool, actor, payload, refusal):
    before = every_row(pool)

    with pytest.raises(refusal):
        open_motion(OpenMotion(actor, "No", "…", payload), pool.uow(), NOW, pool.parse_charter)

    assert every_row(pool) == before


def test_the_operator_withdraws_an_open_motion_and_then_it_takes_no_votes(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    with pytest.raises(NotAuthorised):
        withdraw_motion(WithdrawMotion(motion, "U0ACME1"), pool.uow(), NOW, pool.parse_charter)

    (withdrawn,) = withdraw_motion(
        WithdrawMotion(motion, OPERATOR, "drafting error"), pool.uow(), NOW, pool.parse_charter
    )

    assert withdrawn.reason == "drafting error"
    assert get_motion(pool.reader(), motion).motion.state is MotionState.WITHDRAWN
    with pytest.raises(MotionNotOpen):
        vote(pool, motion, "acme", Choice.YES, NOW)
    assert close(pool, motion, NOW + WEEK) == []


def test_a_motion_closes_early_only_once_everyone_voted(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    for member in ("acme", "beta", "gamma"):
        vote(pool, motion, member, Choice.YES, NOW)
    with pytest.raises(TooEarlyToClose):
        close_motion(CloseMotion(motion), pool.uow(), NOW, pool.parse_charter)

    last = vote(pool, motion, "delta", Choice.NO, NOW)

    assert last.everyone_voted
    assert close(pool, motion, NOW)
    assert [v.motion.state for v in recent_motions(pool.reader(), 1)] == [MotionState.CARRIED]


def test_an_operator_update_changes_the_register_but_not_an_open_motions_weights(pool):
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    frozen = get_motion(pool.reader(), motion).motion.electorate.weights

    update_member(
        UpdateMember(OPERATOR, "acme", patents=40, representatives=("U0ACME1", "U0ACME9")),
        pool.uow(),
        NOW,
        pool.parse_charter,
    )

    register = {e.member.id: e for e in current_register(pool.reader(), pool.parse_charter).entries}
    assert register["acme"].member.patents == 40
    assert register["acme"].member.representatives == ("U0ACME1", "U0ACME9")
    assert get_motion(pool.reader(), motion).motion.electorate.weights == frozen
    assert role_of(pool.reader(), pool.parse_charter, "U0ACME2").member_id is None
    with pool.reader() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MemberChangeRow)) == 5


def test_roles_come_from_the_charter_and_the_register(pool):
    def role(user: str) -> tuple[bool, bool, str | None]:
        found = role_of(pool.reader(), pool.parse_charter, user)
        return found.operator, found.supervisor, found.member_id

    assert role(OPERATOR) == (True, False, None)
    assert role(SUPERVISOR) == (False, True, None)
    assert role("U0BETA2") == (False, False, "beta")
    assert role("U0NOBODY") == (False, False, None)


def test_member_names_are_the_current_members_and_a_motion_keeps_the_names_it_opened_with(pool):
    expel = open_kind(pool, MotionKind.EXPULSION, NOW).motion_id
    for member in ("acme", "beta", "delta"):
        vote(pool, expel, member, Choice.YES, NOW)

    assert close(pool, expel, NOW + WEEK)
    assert get_motion(pool.reader(), expel).motion.state is MotionState.CARRIED

    names = member_names(pool.reader())
    assert "gamma" not in names
    assert set(names) == {"acme", "beta", "delta"}
    frozen = {m.id: m.name for m in get_motion(pool.reader(), expel).register}
    assert frozen["gamma"] == "Gamma Corp"
    assert {k: v for k, v in frozen.items() if k != "gamma"} == names
