"""Properties of counting, checked against a recount written straight from CHARTER.md.

The oracle below deliberately shares no code with ``governance.tally``: it takes the charter's five
counting steps as written and does them with plain ``Fraction`` arithmetic on plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import event, given, settings
from hypothesis import strategies as st

from governance.charter import MotionRules, ThresholdOf, ThresholdRule
from governance.electorate import Electorate
from governance.tally import Choice, Outcome, count

PROPERTY = settings(max_examples=200, deadline=None)

# Small denominators make exact ties common, which is where counting goes wrong.
SHARES = [Fraction(n, d) for d in (1, 2, 3, 4, 5) for n in range(d + 1)]
NAMES = ["acme", "beta", "gamma", "delta", "epsilon", "zeta"]


@dataclass(frozen=True)
class Case:
    weights: dict[str, Fraction]
    recused: tuple[str, ...]
    ballots: dict[str, str]  # member -> "yes" | "no" | "abstain"; missing = did not vote
    rules: MotionRules

    @property
    def electorate(self) -> Electorate:
        voters = tuple(m for m in self.weights if m not in self.recused)
        return Electorate(weights=self.weights, members=voters, recused=self.recused)

    @property
    def choices(self) -> dict[str, Choice]:
        return {m: Choice(c) for m, c in self.ballots.items()}

    def with_ballot(self, member: str, choice: str) -> Case:
        return Case(self.weights, self.recused, {**self.ballots, member: choice}, self.rules)


@st.composite
def motion_rules(draw: st.DrawFn) -> MotionRules:
    return MotionRules(
        quorum=draw(st.sampled_from(SHARES)),
        quorum_members=draw(st.sampled_from(SHARES)),
        threshold=draw(st.sampled_from([s for s in SHARES if s > 0])),
        threshold_of=draw(st.sampled_from(ThresholdOf)),
        threshold_rule=draw(st.sampled_from(ThresholdRule)),
        member_threshold=draw(st.sampled_from([Fraction(0), *SHARES])),
        blocking_minority_members=draw(st.sampled_from([0, 0, 1, 2, 3, 4, 7])),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    size = draw(st.integers(1, len(NAMES)))
    names = NAMES[:size]
    raws = draw(st.lists(st.integers(0, 4), min_size=size, max_size=size))
    raws[0] = raws[0] or 1  # a register with no weight at all is a charter error
    total = sum(raws)
    weights = {name: Fraction(raw, total) for name, raw in zip(names, raws, strict=True)}
    recused = tuple(draw(st.sets(st.sampled_from(names), max_size=min(2, size - 1))))
    voters = [n for n in names if n not in recused]
    choice = st.sampled_from(["yes", "no", "abstain", None])
    ballots = {n: c for n in voters if (c := draw(choice)) is not None}
    return Case(weights, recused, ballots, draw(motion_rules()))


def recount(case: Case) -> tuple[str, bool, bool, bool]:
    """CHARTER.md, "Counting", steps 1 to 5, as plainly as they are written."""
    rules = case.rules
    voters = [m for m in case.weights if m not in case.recused]
    eligible = Fraction(0)
    for m in voters:
        eligible += case.weights[m]
    weight_of = {"yes": Fraction(0), "no": Fraction(0), "abstain": Fraction(0)}
    heads_of = {"yes": 0, "no": 0, "abstain": 0}
    for m in voters:
        if m in case.ballots:
            weight_of[case.ballots[m]] += case.weights[m]
            heads_of[case.ballots[m]] += 1
    yes, no, abstain = weight_of["yes"], weight_of["no"], weight_of["abstain"]
    taking_part = heads_of["yes"] + heads_of["no"] + heads_of["abstain"]

    # 1. Quorum.
    quorum = not (
        yes + no + abstain < rules.quorum * eligible
        or taking_part < rules.quorum_members * len(voters)
    )
    # 2. Weight test.
    if rules.threshold_of == "cast":
        base = yes + no
    elif rules.threshold_of == "present":
        base = yes + no + abstain
    else:
        base = eligible
    if rules.threshold_rule == "more_than":
        weight_test = yes > rules.threshold * base
    else:
        weight_test = yes >= rules.threshold * base
    if rules.threshold_of == "cast" and yes + no == 0:
        weight_test = False
    # 3. Member test.
    member_test = True
    if rules.member_threshold > 0:
        member_test = heads_of["yes"] >= rules.member_threshold * len(voters)
    # 4. Blocking minority.
    if rules.blocking_minority_members > 0:
        not_yes = len(voters) - heads_of["yes"]
        if not_yes < rules.blocking_minority_members:
            weight_test = True
    # 5. Outcome.
    if not quorum:
        outcome = "no_quorum"
    elif weight_test and member_test:
        outcome = "carried"
    else:
        outcome = "failed"
    return outcome, quorum, weight_test, member_test


def counted(case: Case) -> Outcome:
    return count(case.electorate, case.choices, case.rules).outcome


@PROPERTY
@given(cases())
def test_the_tally_agrees_with_a_plain_recount_of_the_charter_rules(case):
    tally = count(case.electorate, case.choices, case.rules)
    assert (
        tally.outcome.value,
        tally.quorum_met,
        tally.weight_test_met,
        tally.member_test_met,
    ) == recount(case)


@PROPERTY
@given(cases())
def test_the_totals_account_for_the_whole_eligible_weight_and_every_member(case):
    tally = count(case.electorate, case.choices, case.rules)
    for totals in (tally.totals, tally.members):
        assert totals.yes + totals.no + totals.abstain + totals.not_voted == totals.eligible
        assert min(totals.yes, totals.no, totals.abstain, totals.not_voted) >= 0
    assert tally.members.eligible == len(case.electorate.members)


@PROPERTY
@given(cases(), st.data())
def test_turning_a_no_into_a_yes_never_turns_carried_into_failed(case, data):
    noes = sorted(m for m, c in case.ballots.items() if c == "no")
    if not noes:
        case = case.with_ballot(data.draw(st.sampled_from(case.electorate.members)), "no")
        noes = sorted(m for m, c in case.ballots.items() if c == "no")
    member = data.draw(st.sampled_from(noes))
    before, after = counted(case), counted(case.with_ballot(member, "yes"))
    event(f"{before.value} -> {after.value}")
    assert before is not Outcome.CARRIED or after is Outcome.CARRIED
    # The same ballots take part either way, so the quorum cannot change.
    assert (before is Outcome.NO_QUORUM) == (after is Outcome.NO_QUORUM)


@PROPERTY
@given(cases(), st.data())
def test_any_member_switching_to_yes_never_turns_carried_into_failed(case, data):
    member = data.draw(st.sampled_from(case.electorate.members))
    before, after = counted(case), counted(case.with_ballot(member, "yes"))
    assert before is not Outcome.CARRIED or after is Outcome.CARRIED


@PROPERTY
@given(cases(), st.data())
def test_turning_a_yes_into_a_no_never_turns_failed_into_carried(case, data):
    yeses = sorted(m for m, c in case.ballots.items() if c == "yes")
    if not yeses:
        case = case.with_ballot(data.draw(st.sampled_from(case.electorate.members)), "yes")
        yeses = sorted(m for m, c in case.ballots.items() if c == "yes")
    member = data.draw(st.sampled_from(yeses))
    before, after = counted(case), counted(case.with_ballot(member, "no"))
    assert before is not Outcome.FAILED or after is Outcome.FAILED
