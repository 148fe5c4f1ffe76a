"""A counted motion shown two ways: the ``--json`` object of CHARTER.md, and a report for people.

Both show what :func:`governance.tally.count` returned and nothing else; percentages come from
:func:`governance.quantities.format_percent` and are for reading only.
"""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table
from rich.text import Text

from governance.charter import Charter, MotionKind, MotionRules, ThresholdOf, ThresholdRule
from governance.quantities import format_percent, format_rational
from governance.tally import Choice, Outcome, Tally, Totals

_TOTAL_KEYS = ("yes", "no", "abstain", "not_voted", "eligible")
_BASE = {
    ThresholdOf.CAST: "yes + no",
    ThresholdOf.PRESENT: "yes + no + abstain",
    ThresholdOf.ELIGIBLE: "eligible weight",
}
_OUTCOME_STYLE = {Outcome.CARRIED: "bold green", Outcome.FAILED: "bold red"}


def _count(value: Fraction) -> int:
    if value.denominator != 1:  # head counts are whole by construction
        raise ValueError(f"{value} is not a whole number of members")
    return value.numerator


def _share(value: Fraction, whole: Fraction) -> str:
    return format_percent(value / whole) if whole else "-"


def _numbers(value: Fraction, whole: Fraction) -> str:
    return f"{format_rational(value)} ({_share(value, whole)})"


def _met(flag: bool) -> Text:
    return Text("met", style="green") if flag else Text("not met", style="red")


def _tests(tally: Tally, rules: MotionRules) -> Table:
    eligible = tally.totals.eligible
    heads = _count(tally.members.eligible)
    sign = "≥" if rules.threshold_rule is ThresholdRule.AT_LEAST else ">"
    table = Table(box=None, padding=(0, 2, 0, 0))
    for column in ("test", "result", "counted", "needed"):
        table.add_column(column)
    table.add_row(
        "quorum (weight)",
        _met(tally.quorum_met),
        f"{_numbers(tally.totals.participation, eligible)}",
        f"≥ {_numbers(tally.quorum_weight_required, eligible)}",
    )
    table.add_row(
        "quorum (members)",
        _met(tally.quorum_met),
        f"{_count(tally.members.participation)} of {heads} took part",
        f"≥ {format_rational(tally.quorum_members_required)}",
    )
    table.add_row(
        "weight test",
        _met(tally.weight_test_met),
        f"yes {_numbers(tally.totals.yes, eligible)}",
        f"{sign} {_numbers(tally.threshold_required, eligible)}\n"
        f"= {format_rational(rules.threshold)} × {_BASE[rules.threshold_of]} "
        f"({format_rational(tally.threshold_base)})",
    )
    if rules.member_threshold > 0:
        table.add_row(
            "member test",
            _met(tally.member_test_met),
            f"{_count(tally.members.yes)} of {heads} yes",
            f"≥ {format_rational(rules.member_threshold)} × {heads} = "
            f"{format_rational(tally.member_yes_required)}",
        )
    if rules.blocking_minority_members > 0:
        not_yes = _count(tally.members.eligible - tally.members.yes)
        verdict = "applied" if tally.blocking_minority_applied else "not applied"
        table.add_row(
            "blocking minority",
            Text(verdict),
            f"{not_yes} not yes",
            f"blocks with ≥ {rules.blocking_minority_members} members",
        )
    return table


def _totals(totals: Totals, members: Totals) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0))
    for column in ("", "weight", "of eligible", "members"):
        table.add_column(column, justify="left" if not column else "right")
    for key in _TOTAL_KEYS:
        table.add_row(
            key.replace("_", " "),
            format_rational(getattr(totals, key)),
            _share(getattr(totals, key), totals.eligible),
            str(_count(getattr(members, key))),
        )
    return table


def _roll_call(charter: Charter, tally: Tally, secret: bool) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0))
    for column in ("member", "name", "weight", "share", "choice"):
        table.add_column(column, justify="right" if column in {"weight", "share"} else "left")
    for member in charter.members:
        weight = tally.weights[member.id]
        if member.id in tally.recused:
            choice = "recused"
        elif secret:
            choice = "secret" if member.id in tally.choices else "did not vote"
        else:
            picked: Choice | None = tally.choices.get(member.id)
            choice = picked.value if picked is not None else "did not vote"
        table.add_row(
            Text(member.id),
            Text(member.name),
            format_rational(weight),
            format_percent(weight),
            Text(choice),
        )
    return table


def render_tally(
    console: Console, charter: Charter, kind: MotionKind, rules: MotionRules, tally: Tally
) -> None:
    """The recount for people: the outcome, each test with its numbers, totals, the roll call."""
    headline = Text(f"{kind.value} motion: ")
    headline.append(tally.outcome.value.upper(), style=_OUTCOME_STYLE.get(tally.outcome, "bold"))
    console.print(headline)
    recused = ", ".join(tally.recused) or "none"
    console.print(
        Text(
            f"{charter.pool.name}: {len(charter.members)} members, electorate "
            f"{len(tally.electorate)}, recused: {recused}"
        )
    )
    console.print()
    console.print(_tests(tally, rules))
    if tally.blocking_minority_applied:
        console.print(
            Text("The weight test is deemed met: too few members stand against the motion.")
        )
    console.print()
    console.print(Text("Totals, as shares of the register's weight:"))
    console.print(_totals(tally.totals, tally.members))
    console.print()
    if rules.secret:
        console.print(Text("Secret ballot: who chose what is not shown, only who took part."))
    console.print(_roll_call(charter, tally, rules.secret))
