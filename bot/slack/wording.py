"""The charter's rules and results in plain words, for people reading Slack."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from bot.i18n import N_, _, local, t
from bot.slack.mrkdwn import Mrkdwn, plain
from bot.slack.mrkdwn import date_token as date_token
from governance.charter import (
    DEFAULT_COMPETITION_NOTICE,
    MotionKind,
    MotionRules,
    ThresholdOf,
    ThresholdRule,
)
from governance.motion import MotionState
from governance.quantities import format_percent, format_rational

#: English, marked for the catalog: show one with :func:`kind_label`
KIND_LABELS: dict[MotionKind, str] = {
    MotionKind.ADMISSION: N_("Admission of a member"),
    MotionKind.WITHDRAWAL: N_("Withdrawal of a member"),
    MotionKind.EXPULSION: N_("Expulsion of a member"),
    MotionKind.FEE_CHANGE: N_("Licensing fee change"),
    MotionKind.DISTRIBUTION_CHANGE: N_("Revenue distribution change"),
    MotionKind.CHARTER_AMENDMENT: N_("Charter amendment"),
    MotionKind.GENERAL: N_("General resolution"),
    MotionKind.MINUTES_APPROVAL: N_("Approval of minutes"),
}


def kind_label(kind: MotionKind) -> str:
    """The kind of motion, in the language being spoken."""
    return _(KIND_LABELS[kind])


def listing(items: list[str]) -> Mrkdwn:
    """Names listed as the language lists them (``A, B`` or ``A、B``), each escaped."""
    return t(", ").join(items)


def _carried_if(rules: MotionRules) -> Mrkdwn:
    share_ = share(rules.threshold)
    at_least = rules.threshold_rule is ThresholdRule.AT_LEAST
    if rules.threshold_of is ThresholdOf.CAST:
        if at_least:
            return t(
                "Carried if at least {share} of votes cast (yes and no) by weight", share=share_
            )
        return t("Carried if more than {share} of votes cast (yes and no) by weight", share=share_)
    if rules.threshold_of is ThresholdOf.PRESENT:
        if at_least:
            return t(
                "Carried if at least {share} of votes cast including abstentions by weight",
                share=share_,
            )
        return t(
            "Carried if more than {share} of votes cast including abstentions by weight",
            share=share_,
        )
    if at_least:
        return t("Carried if at least {share} of all eligible weight", share=share_)
    return t("Carried if more than {share} of all eligible weight", share=share_)


def share(value: Fraction) -> str:
    """``2/3`` for a rule, an integer when whole."""
    return format_rational(value)


def rule_sentence(rules: MotionRules, recused_names: list[str]) -> Mrkdwn:
    """e.g. "Carried if at least 2/3 of votes cast by weight; quorum 1/2 of eligible weight".

    The recused members' names are escaped here (a ``Mrkdwn`` name goes in as it is).
    """
    shown = _carried_if(rules)
    if rules.member_threshold > 0:
        shown = t(
            "{rule} and at least {share} of members vote yes",
            rule=shown,
            share=share(rules.member_threshold),
        )
    shown = t("{rule}; quorum {quorum} of eligible weight", rule=shown, quorum=share(rules.quorum))
    if rules.quorum_members > 0:
        shown = t("{rule} and {quorum} of members", rule=shown, quorum=share(rules.quorum_members))
    if rules.blocking_minority_members > 0:
        shown = t(
            "{rule}; the weight test is deemed met unless at least {count} members do not vote yes",
            rule=shown,
            count=rules.blocking_minority_members,
        )
    if recused_names:
        shown = t("{rule}; recused: {names}", rule=shown, names=listing(recused_names))
    if rules.secret:
        shown = t("{rule}; secret ballot: only totals are shown", rule=shown)
    if not rules.allow_change:
        shown = t("{rule}; votes cannot be changed", rule=shown)
    return t("{rule}.", rule=shown)


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
    return [
        t(
            "• {member}: *{choice}*",
            member=local(names.get(member, member)),
            choice=choice_word(choice),
        )
        for member, choice in rows
    ]


#: a ballot's choice (an enum value, kept as it is in records) as people read it
CHOICE_WORDS = {"yes": N_("yes"), "no": N_("no"), "abstain": N_("abstain")}


def choice_word(choice: str) -> str:
    """``yes``, ``no`` or ``abstain`` in the language being spoken (English: the value itself)."""
    return _(CHOICE_WORDS[choice]) if choice in CHOICE_WORDS else choice


def state_words(state: MotionState) -> str:
    """``carried``, ``failed``, ``no quorum``, ``withdrawn`` (``open``) as a sentence says it."""
    return {
        MotionState.CARRIED: _("carried"),
        MotionState.FAILED: _("failed"),
        MotionState.NO_QUORUM: _("no quorum"),
        MotionState.WITHDRAWN: _("withdrawn"),
        MotionState.OPEN: _("open"),
    }.get(state, state.value.replace("_", " "))


def competition_notice(notice: str) -> str:
    """The charter's competition-law notice in the language being spoken: poolgov's own default
    from the catalog, a notice the charter writes as written (by language if it gives several)."""
    return _(notice) if notice == DEFAULT_COMPETITION_NOTICE else local(notice)
