"""Rules a charter must meet beyond its types: what ``poolgov charter check`` reports."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from governance.action_rules import ROLES, Anchor
from governance.charter import RECUSALS, Charter, MotionRules, ThresholdRule
from governance.errors import CharterError, Problem
from governance.kinds import MEMBER_ID
from governance.phrases import Phrase
from governance.texts import N_
from governance.weights import weight_problems


def _share(path: str, value: Fraction, *, allow_zero: bool = True) -> list[Problem]:
    low_ok = value >= 0 if allow_zero else value > 0
    if low_ok and value <= 1:
        return []
    bound = Phrase(N_("0 to 1")) if allow_zero else Phrase(N_("more than 0 and at most 1"))
    return [
        Problem(path, Phrase(N_("{value} must be a share from {bound}"), value=value, bound=bound))
    ]


def _rules_problems(path: str, rules: MotionRules) -> list[Problem]:
    problems = [
        *_share(f"{path}.quorum", rules.quorum),
        *_share(f"{path}.quorum_members", rules.quorum_members),
        *_share(f"{path}.threshold", rules.threshold, allow_zero=False),
        *_share(f"{path}.member_threshold", rules.member_threshold),
    ]
    if rules.voting_period.total_seconds() <= 0:
        problems.append(Problem(f"{path}.voting_period", Phrase(N_("must be longer than 0"))))
    if rules.threshold == 1 and rules.threshold_rule is ThresholdRule.MORE_THAN:
        problems.append(
            Problem(
                f"{path}.threshold", Phrase(N_("more than 1 can never be reached; use at_least"))
            )
        )
    if any(offset.total_seconds() <= 0 for offset in rules.reminders):
        problems.append(
            Problem(f"{path}.reminders", Phrase(N_("each reminder must come before the deadline")))
        )
    if rules.blocking_minority_members < 0:
        problems.append(
            Problem(f"{path}.blocking_minority_members", Phrase(N_("must be 0 or more")))
        )
    for who in rules.recuse:
        if who not in RECUSALS:
            problems.append(
                Problem(
                    f"{path}.recuse",
                    Phrase(
                        N_("{who!r} is unknown; the recusals are 'subject', 'declared'"), who=who
                    ),
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
            problems.append(
                Problem(
                    f"{path}.id",
                    Phrase(N_("{member!r} must match [a-z0-9-]{{1,32}}"), member=member.id),
                )
            )
        if ids[member.id] > 1:
            problems.append(
                Problem(f"{path}.id", Phrase(N_("{id!r} appears more than once"), id=member.id))
            )
        if member.patents < 0:
            problems.append(Problem(f"{path}.patents", Phrase(N_("must be an integer ≥ 0"))))
        if member.contribution < 0:
            problems.append(Problem(f"{path}.contribution", Phrase(N_("must be ≥ 0"))))
    seats: dict[str, str] = {}
    for index, member in enumerate(charter.members):
        for user in member.representatives:
            if user in seats and seats[user] != member.id:
                problems.append(
                    Problem(
                        f"members[{index}].representatives",
                        Phrase(
                            N_(
                                "{user} already represents {member}; "
                                "one person speaks for one member"
                            ),
                            user=user,
                            member=seats[user],
                        ),
                    )
                )
            seats.setdefault(user, member.id)
    if not charter.operator.users:
        problems.append(
            Problem(
                "operator.users", Phrase(N_("name at least one user who acts for the operator"))
            )
        )
    if not charter.supervisors.users:
        problems.append(Problem("supervisors.users", Phrase(N_("name at least one supervisor"))))
    officers = set(charter.operator.users) & set(charter.supervisors.users)
    for user in sorted(officers):
        problems.append(
            Problem(
                "supervisors.users",
                Phrase(N_("{user} acts for the operator and cannot supervise it"), user=user),
            )
        )
    problems += weight_problems(charter.members, charter.weights)
    if charter.weights.base < 0:
        problems.append(Problem("weights.base", Phrase(N_("must be 0 or more"))))
    if charter.weights.per_unit < 0:
        problems.append(Problem("weights.per_unit", Phrase(N_("must be 0 or more"))))
    for kind, rules in charter.motions.items():
        path = f"motions.{kind.value}"
        problems += _rules_problems(path, rules)
        if rules.blocking_minority_members > len(charter.members):
            problems.append(
                Problem(
                    f"{path}.blocking_minority_members",
                    Phrase(
                        N_(
                            "{blocking} is more than the {members} members, "
                            "so the weight test would always pass"
                        ),
                        blocking=rules.blocking_minority_members,
                        members=len(charter.members),
                    ),
                )
            )
    meeting_ids = Counter(m.id for m in charter.meetings)
    for index, meeting in enumerate(charter.meetings):
        path = f"meetings[{index}]"
        if meeting_ids[meeting.id] > 1:
            problems.append(
                Problem(f"{path}.id", Phrase(N_("{id!r} appears more than once"), id=meeting.id))
            )
        problems += _share(f"{path}.quorum", meeting.quorum)
        if meeting.duration.total_seconds() <= 0:
            problems.append(Problem(f"{path}.duration", Phrase(N_("must be longer than 0"))))
        if any(offset.total_seconds() <= 0 for offset in meeting.reminders):
            problems.append(
                Problem(f"{path}.reminders", Phrase(N_("each reminder must come before the start")))
            )
        if meeting.agenda_closes.total_seconds() < 0:
            problems.append(Problem(f"{path}.agenda_closes", Phrase(N_("must not be negative"))))
        if meeting.check_in_grace.total_seconds() < 0:
            problems.append(Problem(f"{path}.check_in_grace", Phrase(N_("must not be negative"))))
        if meeting.minutes_review.total_seconds() <= 0:
            problems.append(Problem(f"{path}.minutes_review", Phrase(N_("must be longer than 0"))))
    problems += _fee_problems(charter)
    complaints = charter.complaints
    if complaints.respond_within < complaints.acknowledge_within:
        problems.append(
            Problem(
                "complaints.respond_within",
                Phrase(N_("must not be shorter than complaints.acknowledge_within")),
            )
        )
    problems += action_problems(charter)
    problems += proxies_problems(charter)
    return problems


#: the kinds whose payload has an effective date (``relative_to: effective_date``)
DATED_KINDS = frozenset({"fee_change", "distribution_change"})


def action_problems(charter: Charter) -> list[Problem]:
    """``actions``: owners that name someone, due dates that count from something the kind has."""
    problems: list[Problem] = []
    if any(offset.total_seconds() <= 0 for offset in charter.actions.remind_before):
        problems.append(
            Problem("actions.remind_before", "each reminder must come before the due date")
        )
    for kind, templates in charter.actions.templates.items():
        for index, template in enumerate(templates):
            path = f"actions.kinds.{kind}[{index}]"
            if not template.description.strip():
                problems.append(Problem(f"{path}.description", "must say what is to be done"))
            owner = template.owner
            if owner not in ROLES and not (owner[:1] in ("U", "W") and owner[1:].isalnum()):
                problems.append(
                    Problem(
                        f"{path}.owner",
                        f"{owner!r} must be operator, supervisors or a Slack user id",
                    )
                )
            if template.due.total_seconds() < 0:
                problems.append(Problem(f"{path}.due", "must not be negative; use before: true"))
            if template.relative_to is Anchor.EFFECTIVE_DATE and kind not in DATED_KINDS:
                problems.append(
                    Problem(
                        f"{path}.relative_to",
                        f"a {kind} motion has no effective date; use close",
                    )
                )
            if template.before and template.relative_to is Anchor.CLOSE:
                problems.append(
                    Problem(f"{path}.before", "an action cannot be due before the motion closed")
                )
    return problems


def proxies_problems(charter: Charter) -> list[Problem]:
    """``proxies``: a holder votes for at least one member, and for fewer than all of them."""
    proxies = charter.proxies
    if proxies.max_held < 1:
        return [Problem("proxies.max_held", "must be 1 or more")]
    if proxies.allowed and len(charter.members) > 1 and proxies.max_held >= len(charter.members):
        return [
            Problem(
                "proxies.max_held",
                f"{proxies.max_held} would let one holder vote for every member of the "
                f"{len(charter.members)}; it must be fewer than the members",
            )
        ]
    return []


def require_sound(charter: Charter) -> Charter:
    """The charter itself, or :class:`CharterError` listing every problem."""
    problems = charter_problems(charter)
    if problems:
        raise CharterError(problems)
    return charter


FEE_TEXT_LENGTH = 200  # fee_schedule.product_category and .royalty


def _fee_problems(charter: Charter) -> list[Problem]:
    """``fees[]``: each category once, with words of at most 200 characters."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, fee in enumerate(charter.fees):
        path = f"fees[{index}]"
        for name in ("product_category", "royalty"):
            value = str(getattr(fee, name))
            if not value.strip() or len(value) > FEE_TEXT_LENGTH:
                problems.append(
                    Problem(f"{path}.{name}", f"needs between 1 and {FEE_TEXT_LENGTH} characters")
                )
        if fee.product_category in seen:
            problems.append(
                Problem(
                    f"{path}.product_category",
                    f"{fee.product_category!r} appears more than once",
                )
            )
        seen.add(fee.product_category)
    return problems
