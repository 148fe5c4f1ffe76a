"""Rules a charter must meet beyond its types: what ``poolgov charter check`` reports."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from governance.charter import RECUSALS, Charter, MotionRules, ThresholdRule
from governance.errors import CharterError, Problem
from governance.kinds import MEMBER_ID
from governance.weights import weight_problems


def _share(path: str, value: Fraction, *, allow_zero: bool = True) -> list[Problem]:
    low_ok = value >= 0 if allow_zero else value > 0
    if low_ok and value <= 1:
        return []
    bound = "0 to 1" if allow_zero else "more than 0 and at most 1"
    return [Problem(path, f"{value} must be a share from {bound}")]


def _rules_problems(path: str, rules: MotionRules) -> list[Problem]:
    problems = [
        *_share(f"{path}.quorum", rules.quorum),
        *_share(f"{path}.quorum_members", rules.quorum_members),
        *_share(f"{path}.threshold", rules.threshold, allow_zero=False),
        *_share(f"{path}.member_threshold", rules.member_threshold),
    ]
    if rules.voting_period.total_seconds() <= 0:
        problems.append(Problem(f"{path}.voting_period", "must be longer than 0"))
    if rules.threshold == 1 and rules.threshold_rule is ThresholdRule.MORE_THAN:
        problems.append(
            Problem(f"{path}.threshold", "more than 1 can never be reached; use at_least")
        )
    if any(offset.total_seconds() <= 0 for offset in rules.reminders):
        problems.append(Problem(f"{path}.reminders", "each reminder must come before the deadline"))
    if rules.blocking_minority_members < 0:
        problems.append(Problem(f"{path}.blocking_minority_members", "must be 0 or more"))
    for who in rules.recuse:
        if who not in RECUSALS:
            problems.append(
                Problem(
                    f"{path}.recuse", f"{who!r} is unknown; the recusals are 'subject', 'declared'"
                )
            )
    return problems


def charter_problems(charter: Charter) -> list[Problem]:
    """Every problem, each at its key path; an empty list means the charter is sound."""
    problems: list[Problem] = []
    ids = Counter(m.id for m in charter.members)
    for index, member in enumerate(charter.members):
        path = f"members[{index}]"
        if not MEMBER_ID.match(member.id):
            problems.append(Problem(f"{path}.id", f"{member.id!r} must match [a-z0-9-]{{1,32}}"))
        if ids[member.id] > 1:
            problems.append(Problem(f"{path}.id", f"{member.id!r} appears more than once"))
        if member.patents < 0:
            problems.append(Problem(f"{path}.patents", "must be an integer ≥ 0"))
        if member.contribution < 0:
            problems.append(Problem(f"{path}.contribution", "must be ≥ 0"))
    seats: dict[str, str] = {}
    for index, member in enumerate(charter.members):
        for user in member.representatives:
            if user in seats and seats[user] != member.id:
                problems.append(
                    Problem(
                        f"members[{index}].representatives",
                        f"{user} already represents {seats[user]}; "
                        "one person speaks for one member",
                    )
                )
            seats.setdefault(user, member.id)
    if not charter.operator.users:
        problems.append(
            Problem("operator.users", "name at least one user who acts for the operator")
        )
    if not charter.supervisors.users:
        problems.append(Problem("supervisors.users", "name at least one supervisor"))
    officers = set(charter.operator.users) & set(charter.supervisors.users)
    for user in sorted(officers):
        problems.append(
            Problem("supervisors.users", f"{user} acts for the operator and cannot supervise it")
        )
    problems += weight_problems(charter.members, charter.weights)
    if charter.weights.base < 0:
        problems.append(Problem("weights.base", "must be 0 or more"))
    if charter.weights.per_unit < 0:
        problems.append(Problem("weights.per_unit", "must be 0 or more"))
    for kind, rules in charter.motions.items():
        path = f"motions.{kind.value}"
        problems += _rules_problems(path, rules)
        if rules.blocking_minority_members > len(charter.members):
            problems.append(
                Problem(
                    f"{path}.blocking_minority_members",
                    f"{rules.blocking_minority_members} is more than the "
                    f"{len(charter.members)} members, so the weight test would always pass",
                )
            )
    meeting_ids = Counter(m.id for m in charter.meetings)
    for index, meeting in enumerate(charter.meetings):
        path = f"meetings[{index}]"
        if meeting_ids[meeting.id] > 1:
            problems.append(Problem(f"{path}.id", f"{meeting.id!r} appears more than once"))
        problems += _share(f"{path}.quorum", meeting.quorum)
        if meeting.duration.total_seconds() <= 0:
            problems.append(Problem(f"{path}.duration", "must be longer than 0"))
        if any(offset.total_seconds() <= 0 for offset in meeting.reminders):
            problems.append(
                Problem(f"{path}.reminders", "each reminder must come before the start")
            )
        if meeting.agenda_closes.total_seconds() < 0:
            problems.append(Problem(f"{path}.agenda_closes", "must not be negative"))
        if meeting.check_in_grace.total_seconds() < 0:
            problems.append(Problem(f"{path}.check_in_grace", "must not be negative"))
    complaints = charter.complaints
    if complaints.respond_within < complaints.acknowledge_within:
        problems.append(
            Problem(
                "complaints.respond_within",
                "must not be shorter than complaints.acknowledge_within",
            )
        )
    return problems


def require_sound(charter: Charter) -> Charter:
    """The charter itself, or :class:`CharterError` listing every problem."""
    problems = charter_problems(charter)
    if problems:
        raise CharterError(problems)
    return charter
