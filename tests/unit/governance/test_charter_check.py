"""``poolgov charter check``: every problem with a charter, each at its key path."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.charter import (
    Complaints,
    Meeting,
    MotionKind,
    Operator,
    Supervisors,
    ThresholdRule,
    Weights,
)
from governance.charter_check import charter_problems, require_sound
from governance.errors import CharterError
from tests.unit.governance.pool import ACME, BETA, GAMMA, F, charter, member, rules

ASSEMBLY = Meeting(
    id="general-assembly",
    title="General Assembly",
    rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU",
    starts=datetime(2027, 1, 5, 10, 0, tzinfo=UTC),
    duration=timedelta(hours=2),
    channel="C0GENERAL",
)


def paths(**changes: Any) -> list[str]:
    return [problem.path for problem in charter_problems(charter(**changes))]


def messages(**changes: Any) -> list[str]:
    return [str(problem) for problem in charter_problems(charter(**changes))]


def test_the_example_charter_is_sound():
    sound = charter(meetings=(ASSEMBLY,))
    assert charter_problems(sound) == []
    assert require_sound(sound) is sound


# Members


@pytest.mark.parametrize("bad_id", ["Beta", "beta ltd", "", "b" * 33])
def test_a_member_id_that_is_not_a_slug_is_reported_at_its_index(bad_id):
    assert paths(members=(ACME, replace(BETA, id=bad_id), GAMMA)) == ["members[1].id"]


def test_a_member_id_used_twice_is_reported_at_both_places():
    twice = (ACME, BETA, replace(GAMMA, id="beta", representatives=("U0GAMMA1",)))
    assert paths(members=twice) == ["members[1].id", "members[2].id"]


def test_negative_patents_and_contribution_are_reported():
    bad = replace(GAMMA, patents=-1, contribution=F(-1, 2))
    assert paths(members=(ACME, BETA, bad), weights=Weights(cap=F(1, 2))) == [
        "members[2].patents",
        "members[2].contribution",
        "weights",  # Gamma's raw weight is negative too
    ]


def test_one_person_may_not_represent_two_members():
    shared = replace(GAMMA, representatives=("U0GAMMA1", "U0ACME1"))
    assert messages(members=(ACME, BETA, shared)) == [
        "members[2].representatives: U0ACME1 already represents acme; "
        "one person speaks for one member"
    ]


def test_an_empty_register_is_reported():
    assert paths(members=()) == ["members"]


# Operator and supervisors


def test_the_operator_must_name_a_user():
    assert paths(operator=Operator("PoolOps Co.", ())) == ["operator.users"]


def test_there_must_be_a_supervisor():
    assert paths(supervisors=Supervisors(())) == ["supervisors.users"]


def test_the_operator_may_not_supervise_itself():
    overlapping = Supervisors(("U0SUPER1", "U0OPERATOR1"))
    assert messages(supervisors=overlapping) == [
        "supervisors.users: U0OPERATOR1 acts for the operator and cannot supervise it"
    ]


# Weights


def test_a_cap_the_register_cannot_meet_is_reported_with_the_arithmetic():
    assert messages(weights=Weights(cap=F(1, 5))) == [
        "weights.cap: 1/5 × 3 members < 1, the cap cannot be met"
    ]


def test_a_register_without_any_weight_is_reported():
    no_patents = tuple(member(m.id) for m in (ACME, BETA, GAMMA))
    assert paths(members=no_patents) == ["weights"]


# Motions


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"quorum": F(3, 2)}, "motions.admission.quorum"),
        ({"quorum": F(-1, 2)}, "motions.admission.quorum"),
        ({"quorum_members": F(2)}, "motions.admission.quorum_members"),
        ({"threshold": F(0)}, "motions.admission.threshold"),
        ({"threshold": F(5, 4)}, "motions.admission.threshold"),
        ({"member_threshold": F(-1)}, "motions.admission.member_threshold"),
        ({"voting_period": timedelta(0)}, "motions.admission.voting_period"),
        ({"blocking_minority_members": -1}, "motions.admission.blocking_minority_members"),
        ({"recuse": ("subject", "applicant")}, "motions.admission.recuse"),
    ],
)
def test_a_motion_rule_out_of_range_is_reported_at_its_kind(change, path):
    assert paths(motions={MotionKind.ADMISSION: rules(**change)}) == [path]


def test_shares_of_exactly_zero_and_one_are_allowed():
    edges = rules(
        quorum=F(0),
        quorum_members=F(1),
        threshold=F(1),
        threshold_rule=ThresholdRule.AT_LEAST,
        member_threshold=F(1),
    )
    assert paths(motions={MotionKind.GENERAL: edges}) == []


def test_a_threshold_of_more_than_all_can_never_carry():
    never = rules(threshold=F(1), threshold_rule=ThresholdRule.MORE_THAN)
    assert paths(motions={MotionKind.GENERAL: never}) == ["motions.general.threshold"]


def test_a_blocking_minority_larger_than_the_register_is_refused():
    always = rules(blocking_minority_members=9)
    assert paths(motions={MotionKind.GENERAL: always}) == [
        "motions.general.blocking_minority_members"
    ]


def test_the_zero_threshold_message_names_the_range():
    assert messages(motions={MotionKind.GENERAL: rules(threshold=F(0))}) == [
        "motions.general.threshold: 0 must be a share from more than 0 and at most 1"
    ]


# Meetings and complaints


def test_meeting_problems_are_reported_at_their_index():
    bad = replace(ASSEMBLY, quorum=F(3, 2), duration=timedelta(0))
    assert paths(meetings=(ASSEMBLY, bad)) == [
        "meetings[0].id",
        "meetings[1].id",
        "meetings[1].quorum",
        "meetings[1].duration",
    ]


def test_the_operator_cannot_have_longer_to_acknowledge_than_to_respond():
    late = Complaints(acknowledge_within=timedelta(days=14), respond_within=timedelta(days=3))
    assert paths(complaints=late) == ["complaints.respond_within"]


# All at once


def test_require_sound_reports_every_problem_at_once():
    broken = charter(
        members=(ACME, replace(BETA, id="Beta"), GAMMA),
        weights=Weights(cap=F(1, 5)),
        operator=Operator("PoolOps Co.", ()),
    )
    with pytest.raises(CharterError) as refused:
        require_sound(broken)
    assert [p.path for p in refused.value.problems] == [
        "members[1].id",
        "operator.users",
        "weights.cap",
    ]
    assert str(refused.value).startswith("members[1].id: 'Beta' must match [a-z0-9-]{1,32}; ")


def test_reminders_that_do_not_come_before_their_moment_are_refused():
    bad_meeting = replace(ASSEMBLY, reminders=(timedelta(days=1), timedelta(0)))
    bad_rules = rules(reminders=(timedelta(hours=-2),))
    assert paths(meetings=(bad_meeting,), motions={MotionKind.GENERAL: bad_rules}) == [
        "motions.general.reminders",
        "meetings[0].reminders",
    ]
