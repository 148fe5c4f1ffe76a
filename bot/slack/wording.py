"""The charter's rules and results in plain words, for people reading Slack."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from bot.slack.mrkdwn import Mrkdwn, md, plain
from bot.slack.mrkdwn import date_token as date_token
from governance.charter import MotionKind, MotionRules, ThresholdOf, ThresholdRule
from governance.quantities import format_percent, format_rational

KIND_LABELS: dict[MotionKind, str] = {
    MotionKind.ADMISSION: "Admission of a member",
    MotionKind.WITHDRAWAL: "Withdrawal of a member",
    MotionKind.EXPULSION: "Expulsion of a member",
    MotionKind.FEE_CHANGE: "Licensing fee change",
    MotionKind.DISTRIBUTION_CHANGE: "Revenue distribution change",
    MotionKind.CHARTER_AMENDMENT: "Charter amendment",
    MotionKind.GENERAL: "General resolution",
    MotionKind.MINUTES_APPROVAL: "Approval of minutes",
}

_BASE_WORDS = {
    ThresholdOf.CAST: "of votes cast (yes and no) by weight",
    ThresholdOf.PRESENT: "of votes cast including abstentions by weight",
    ThresholdOf.ELIGIBLE: "of all eligible weight",
}


def share(value: Fraction) -> str:
    """``2/3`` for a rule, an integer when whole."""
    return format_rational(value)


def rule_sentence(rules: MotionRules, recused_names: list[str]) -> Mrkdwn:
    """e.g. "Carried if at least 2/3 of votes cast by weight; quorum 1/2 of eligible weight".

    The recused members' names are escaped here (a ``Mrkdwn`` name goes in as it is).
    """
    comparison = "at least" if rules.threshold_rule is ThresholdRule.AT_LEAST else "more than"
    parts = [f"Carried if {comparison} {share(rules.threshold)} {_BASE_WORDS[rules.threshold_of]}"]
    if rules.member_threshold > 0:
        parts.append(f"and at least {share(rules.member_threshold)} of members vote yes")
    sentence = " ".join(parts)
    extras = [f"quorum {share(rules.quorum)} of eligible weight"]
    if rules.quorum_members > 0:
        extras.append(f"and {share(rules.quorum_members)} of members")
    sentence += "; " + " ".join(extras)
    if rules.blocking_minority_members > 0:
        sentence += (
            f"; the weight test is deemed met unless at least "
            f"{rules.blocking_minority_members} members do not vote yes"
        )
    shown = plain(sentence)  # poolgov's words and numbers: escaping leaves them as they are
    if recused_names:
        shown += md("; recused: {}", md(", ").join(recused_names))
    if rules.secret:
        shown += md("; secret ballot: only totals are shown")
    if not rules.allow_change:
        shown += md("; votes cannot be changed")
    return shown + md(".")


def bar(value: Fraction, target: Fraction, width: int = 20) -> str:
    """A text bar of ``value`` (0..1) with a marker at ``target``."""
    filled = min(width, int(value * width))
    mark = min(width - 1, int(target * width))
    cells = ["█" if i < filled else "░" for i in range(width)]
    cells[mark] = "┃" if cells[mark] == "░" else "▌"
    return "".join(cells)


def percent(value: Fraction) -> str:
    return format_percent(value, 1)


#: The most decimals :func:`percents_apart` shows before it falls back to exact fractions.
_MOST_PLACES = 6


def percents_apart(value: Fraction, bound: Fraction) -> tuple[str, str]:
    """``value`` and ``bound`` as percentages that never read equal unless they are equal.

    One decimal usually does; when rounding would make 66.66…% and 2/3 both read ``66.7%``, more
    decimals are shown, and past a few the exact fractions, so a reader comparing the two figures
    always reaches the verdict the count reached.
    """
    for places in range(1, _MOST_PLACES + 1):
        shown = format_percent(value, places), format_percent(bound, places)
        if value == bound or shown[0] != shown[1]:
            return shown
    return f"{share(value)} ({shown[0]})", f"{share(bound)} ({shown[1]})"


def escape(text: str) -> Mrkdwn:
    """Text a person typed, made safe for mrkdwn: :func:`bot.slack.mrkdwn.plain`."""
    return plain(text)


def roll_call_lines(choices: Mapping[str, str], names: Mapping[str, str]) -> list[Mrkdwn]:
    """One line per member, yes first, then no and abstain, by name; names escaped."""
    order = {"yes": 0, "no": 1, "abstain": 2}
    rows = sorted(
        choices.items(), key=lambda item: (order.get(item[1], 9), names.get(item[0], ""), item[0])
    )
    return [md("• {}: *{}*", names.get(member, member), choice) for member, choice in rows]
