"""Declared conflicts of interest (``recuse: [declared]``): who leaves the count, and why; with the
brute-force recount of CHARTER.md extended to members recused by a declaration."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from governance.charter import MotionRules
from governance.charter_check import _rules_problems as rules_problems
from governance.conflicts import (
    Declaration,
    declared_recusals,
    recusal_reasons,
    set_aside,
    without_declared,
)
from governance.electorate import Electorate
from governance.tally import Choice, count
from tests.unit.governance.test_tally_properties import PROPERTY, Case, cases, recount

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
WEIGHTS = {"acme": Fraction(1, 2), "beta": Fraction(1, 4), "gamma": Fraction(1, 4)}
RECUSING = MotionRules(recuse=("declared",))


def declared(member: str, reason: str = "affiliate is a licensee") -> Declaration:
    return Declaration("7", member, reason, "U0X", NOW)


def electorate(recused: tuple[str, ...] = ()) -> Electorate:
    members = tuple(m for m in WEIGHTS if m not in recused)
    return Electorate(weights=WEIGHTS, members=members, recused=recused)


def test_a_rule_that_lists_declared_takes_the_declaring_member_out() -> None:
    assert declared_recusals(RECUSING, [declared("beta")]) == {"beta": "affiliate is a licensee"}


def test_a_rule_without_declared_only_records_the_declaration() -> None:
    assert declared_recusals(MotionRules(), [declared("beta")]) == {}
    assert declared_recusals(MotionRules(recuse=("subject",)), [declared("beta")]) == {}


def test_the_declared_member_leaves_the_electorate_but_keeps_its_frozen_weight() -> None:
    reduced = without_declared(electorate(), {"beta": "stake"})
    assert reduced.members == ("acme", "gamma")
    assert reduced.recused == ("beta",)
    assert reduced.weights == WEIGHTS  # frozen shares are never recomputed
    assert reduced.eligible_weight == Fraction(3, 4)


def test_a_subject_stays_recused_first_and_a_declaration_follows() -> None:
    reduced = without_declared(electorate(("gamma",)), {"beta": "stake", "gamma": "again"})
    assert reduced.recused == ("gamma", "beta")
    assert recusal_reasons(reduced, "gamma", {"beta": "stake"}) == {
        "gamma": "subject",
        "beta": "stake",
    }


def test_a_ballot_of_a_recused_member_is_set_aside_not_counted() -> None:
    reduced = without_declared(electorate(), {"beta": "stake"})
    ballots = {"acme": Choice.YES, "beta": Choice.NO}
    counted, aside = set_aside(ballots, reduced)
    assert counted == {"acme": Choice.YES}
    assert aside == ("beta",)
    assert ballots == {"acme": Choice.YES, "beta": Choice.NO}  # the caller's ballots untouched


def test_no_declaration_leaves_the_electorate_as_it_was() -> None:
    frozen = electorate()
    assert without_declared(frozen, {}) is frozen


def test_the_charter_knows_declared_and_still_refuses_an_unknown_recusal() -> None:
    assert rules_problems("motions.fee_change", replace(RECUSING)) == []
    (problem,) = rules_problems("motions.fee_change", MotionRules(recuse=("licensees",)))
    assert problem.path == "motions.fee_change.recuse"
    assert "'declared'" in problem.message


@PROPERTY
@given(cases(), st.data())
def test_a_count_with_declared_recusals_agrees_with_the_plain_recount(case: Case, data) -> None:
    voters = [m for m in case.weights if m not in case.recused]
    out = data.draw(
        st.sets(st.sampled_from(voters), max_size=len(voters)) if voters else st.just(set())
    )
    listed = data.draw(st.booleans())
    rules = replace(case.rules, recuse=("declared",) if listed else ())
    # declared members may have voted before declaring: their ballots stay in the record
    declarations = [declared(m) for m in sorted(out)]

    reduced = without_declared(case.electorate, declared_recusals(rules, declarations))
    ballots, aside = set_aside(case.choices, reduced)
    tally = count(reduced, ballots, rules)

    gone = out if listed else set()
    plain = Case(
        case.weights,
        (*case.recused, *(m for m in case.weights if m in gone)),
        {m: c for m, c in case.ballots.items() if m not in gone},
        rules,
    )
    assert (
        tally.outcome.value,
        tally.quorum_met,
        tally.weight_test_met,
        tally.member_test_met,
    ) == recount(plain)
    assert set(aside) == {m for m in case.ballots if m in gone}
    assert set(tally.recused) == set(case.recused) | gone
