"""A motion's rules as plain values: ``motions.<kind>`` as frozen on a motion.

The same dict is stored on the motion row and recorded in the ``motion_opened`` entry, so the
audit chain alone says under which rules a motion was counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from governance.charter import MotionRules, ThresholdOf, ThresholdRule
from governance.quantities import format_duration, format_rational, parse_duration


def rules_to_dict(rules: MotionRules) -> dict[str, Any]:
    """``motions.<kind>`` as frozen on a motion, in the charter's own spelling."""
    return {
        "voting_period": format_duration(rules.voting_period),
        "quorum": format_rational(rules.quorum),
        "quorum_members": format_rational(rules.quorum_members),
        "threshold": format_rational(rules.threshold),
        "threshold_of": rules.threshold_of.value,
        "threshold_rule": rules.threshold_rule.value,
        "member_threshold": format_rational(rules.member_threshold),
        "blocking_minority_members": rules.blocking_minority_members,
        "recuse": list(rules.recuse),
        "secret": rules.secret,
        "allow_change": rules.allow_change,
        "reminders": [format_duration(r) for r in rules.reminders],
    }


def rules_from_dict(data: Mapping[str, Any]) -> MotionRules:
    return MotionRules(
        voting_period=parse_duration(data["voting_period"]),
        quorum=Fraction(data["quorum"]),
        quorum_members=Fraction(data["quorum_members"]),
        threshold=Fraction(data["threshold"]),
        threshold_of=ThresholdOf(data["threshold_of"]),
        threshold_rule=ThresholdRule(data["threshold_rule"]),
        member_threshold=Fraction(data["member_threshold"]),
        blocking_minority_members=int(data["blocking_minority_members"]),
        recuse=tuple(data["recuse"]),
        secret=bool(data["secret"]),
        allow_change=bool(data["allow_change"]),
        reminders=tuple(parse_duration(r) for r in data["reminders"]),
    )
