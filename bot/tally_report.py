"""A counted motion shown two ways: the ``--json`` object of CHARTER.md, and a report for people.

Both show what :func:`governance.tally.count` returned and nothing else; percentages come from
:func:`governance.quantities.format_percent` and are for reading only.
"""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from bot.i18n import N_, _, local
from bot.i18n.formats import format_count, format_percent
from governance.charter import Charter, MotionKind, MotionRules, ThresholdOf, ThresholdRule
from governance.quantities import format_rational
from governance.tally import Choice, Outcome, Tally, Totals

_TOTAL_KEYS = ("yes", "no", "abstain", "not_voted", "eligible")
_TOTAL_WORDS = {
    "yes": N_("yes"),
    "no": N_("no"),
    "abstain": N_("abstain"),
    "not_voted": N_("not voted"),
    "eligible": N_("eligible"),
}
_CHOICE_WORDS = {Choice.YES: N_("yes"), Choice.NO: N_("no"), Choice.ABSTAIN: N_("abstain")}
_BASE = {
    ThresholdOf.CAST: N_("yes + no"),
    ThresholdOf.PRESENT: N_("yes + no + abstain"),
    ThresholdOf.ELIGIBLE: N_("eligible weight"),
}
_KIND_WORDS = {
    MotionKind.ADMISSION: N_("admission"),
    MotionKind.WITHDRAWAL: N_("withdrawal"),
    MotionKind.EXPULSION: N_("expulsion"),
    MotionKind.FEE_CHANGE: N_("fee_change"),
    MotionKind.DISTRIBUTION_CHANGE: N_("distribution_change"),
    MotionKind.CHARTER_AMENDMENT: N_("charter_amendment"),
    MotionKind.GENERAL: N_("general"),
}
_OUTCOME_WORDS = {
    Outcome.CARRIED: N_("CARRIED"),
    Outcome.FAILED: N_("FAILED"),
    Outcome.NO_QUORUM: N_("NO_QUORUM"),
}
_OUTCOME_STYLE = {Outcome.CARRIED: "bold green", Outcome.FAILED: "bold red"}


def _count(value: Fraction) -> int:
    if value.denominator != 1:  # head counts are whole by construction
        raise ValueError(f"{value} is not a whole number of members")
    return value.numerator


def _share(value: Fraction, whole: Fraction) -> str:
    return format_percent(value / whole, 2) if whole else "-"


def _numbers(value: Fraction, whole: Fraction) -> str:
    return _("{value} ({share})").format(value=format_rational(value), share=_share(value, whole))


def _met(flag: bool) -> Text:
    return Text(_("met"), style="green") if flag else Text(_("not met"), style="red")


def _tests(tally: Tally, rules: MotionRules) -> Table:
    eligible = tally.totals.eligible
    heads = _count(tally.members.eligible)
    sign = "≥" if rules.threshold_rule is ThresholdRule.AT_LEAST else ">"
    table = Table(box=None, padding=(0, 2, 0, 0))
    for column in (_("test"), _("result"), _("counted"), _("needed")):
        table.add_column(column)
    table.add_row(
        _("quorum (weight)"),
        _met(tally.quorum_met),
        f"{_numbers(tally.totals.participation, eligible)}",
        f"≥ {_numbers(tally.quorum_weight_required, eligible)}",
    )
    table.add_row(
        _("quorum (members)"),
        _met(tally.quorum_met),
        _("{took_part} of {members} took part").format(
            took_part=format_count(_count(tally.members.participation)), members=format_count(heads)
        ),
        f"≥ {format_rational(tally.quorum_members_required)}",
    )
    table.add_row(
        _("weight test"),
        _met(tally.weight_test_met),
        _("yes {weight}").format(weight=_numbers(tally.totals.yes, eligible)),
        f"{sign} {_numbers(tally.threshold_required, eligible)}\n"
        + _("= {threshold} × {base} ({amount})").format(
            threshold=format_rational(rules.threshold),
            base=_(_BASE[rules.threshold_of]),
            amount=format_rational(tally.threshold_base),
        ),
    )
    if rules.member_threshold > 0:
        table.add_row(
            _("member test"),
            _met(tally.member_test_met),
            _("{yes} of {members} yes").format(
                yes=format_count(_count(tally.members.yes)), members=format_count(heads)
            ),
            f"≥ {format_rational(rules.member_threshold)} × {heads} = "
            f"{format_rational(tally.member_yes_required)}",
        )
    if rules.blocking_minority_members > 0:
        not_yes = _count(tally.members.eligible - tally.members.yes)
        verdict = _("applied") if tally.blocking_minority_applied else _("not applied")
        table.add_row(
            _("blocking minority"),
            Text(verdict),
            _("{not_yes} not yes").format(not_yes=format_count(not_yes)),
            _("blocks with ≥ {members} members").format(
                members=format_count(rules.blocking_minority_members)
            ),
        )
    return table


def _totals(totals: Totals, members: Totals) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0))
    for column in ("", _("weight"), _("of eligible"), _("members")):
        table.add_column(column, justify="left" if not column else "right")
    for key in _TOTAL_KEYS:
        table.add_row(
            _(_TOTAL_WORDS[key]),
            format_rational(getattr(totals, key)),
            _share(getattr(totals, key), totals.eligible),
            format_count(_count(getattr(members, key))),
        )
    return table


def _roll_call(charter: Charter, tally: Tally, secret: bool) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0))
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        (_("member"), "left"),
        (_("name"), "left"),
        (_("weight"), "right"),
        (_("share"), "right"),
        (_("choice"), "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify)
    for member in charter.members:
        weight = tally.weights[member.id]
        if member.id in tally.recused:
            choice = _("recused")
        elif secret:
            choice = _("secret") if member.id in tally.choices else _("did not vote")
        else:
            picked: Choice | None = tally.choices.get(member.id)
            choice = _(_CHOICE_WORDS[picked]) if picked is not None else _("did not vote")
        table.add_row(
            Text(member.id),
            Text(local(member.name)),
            format_rational(weight),
            format_percent(weight, 2),
            Text(choice),
        )
    return table


def render_tally(
    console: Console, charter: Charter, kind: MotionKind, rules: MotionRules, tally: Tally
) -> None:
    """The recount for people: the outcome, each test with its numbers, totals, the roll call."""
    headline = Text(_("{kind} motion: ").format(kind=_(_KIND_WORDS[kind])))
    headline.append(
        _(_OUTCOME_WORDS[tally.outcome]), style=_OUTCOME_STYLE.get(tally.outcome, "bold")
    )
    console.print(headline)
    recused = _(", ").join(tally.recused) or _("none")
    console.print(
        Text(
            _("{pool}: {members} members, electorate {electorate}, recused: {recused}").format(
                pool=local(charter.pool.name),
                members=format_count(len(charter.members)),
                electorate=format_count(len(tally.electorate)),
                recused=recused,
            )
        )
    )
    console.print()
    console.print(_tests(tally, rules))
    if tally.blocking_minority_applied:
        console.print(
            Text(_("The weight test is deemed met: too few members stand against the motion."))
        )
    console.print()
    console.print(Text(_("Totals, as shares of the register's weight:")))
    console.print(_totals(tally.totals, tally.members))
    console.print()
    if rules.secret:
        console.print(Text(_("Secret ballot: who chose what is not shown, only who took part.")))
    console.print(_roll_call(charter, tally, rules.secret))
