"""Counting a motion: the five steps of the charter's counting rules, exactly.

1. quorum by weight (``quorum``) and by head count (``quorum_members``);
2. the weight test (``threshold``, ``threshold_of``, ``threshold_rule``);
3. the member test (``member_threshold``);
4. the blocking minority (``blocking_minority_members``);
5. the outcome: ``carried``, ``failed`` or ``no_quorum``.

Every number that led to the outcome is returned; nothing is rounded and no tie is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from governance.charter import MotionRules, ThresholdOf, ThresholdRule
from governance.electorate import Electorate
from governance.errors import NotInElectorate


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    CARRIED = "carried"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Totals:
    """Sums of frozen shares (``totals``) or head counts (``members``)."""

    yes: Fraction
    no: Fraction
    abstain: Fraction
    not_voted: Fraction
    eligible: Fraction

    @property
    def participation(self) -> Fraction:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Tally:
    """The result of counting, with everything an auditor needs to check it."""

    outcome: Outcome
    quorum_met: bool
    weight_test_met: bool
    member_test_met: bool
    blocking_minority_applied: bool
    electorate: tuple[str, ...]
    recused: tuple[str, ...]
    weights: Mapping[str, Fraction]
    totals: Totals
    members: Totals
    quorum_weight_required: Fraction
    quorum_members_required: Fraction
    threshold_base: Fraction
    threshold_required: Fraction
    member_yes_required: Fraction
    choices: Mapping[str, Choice]
    #: why each recused member is out (``subject`` or a declared reason); filled at a close where
    #: a declared conflict took a member out, empty otherwise
    recusal_reasons: Mapping[str, str] = field(default_factory=dict)
    #: members whose ballots were set aside (kept, not counted) since a declaration recused them
    set_aside: tuple[str, ...] = ()
    #: every declared conflict of interest on the motion (member → reason), recused or not
    declarations: Mapping[str, str] = field(default_factory=dict)

    # The figures each test compares with the charter's share, for people to check by reading.

    @property
    def yes_share_of_base(self) -> Fraction | None:
        """Yes over the weight test's base (``threshold_of``), compared with ``threshold``;
        ``None`` when the base is empty (no weight to take a share of)."""
        return self.totals.yes / self.threshold_base if self.threshold_base else None

    @property
    def participation_share(self) -> Fraction:
        """Weight taking part over eligible weight, compared with ``quorum``."""
        eligible = self.totals.eligible
        return self.totals.participation / eligible if eligible else Fraction(0)

    @property
    def members_participation_share(self) -> Fraction:
        """Members taking part over the electorate's size, compared with ``quorum_members``."""
        size = self.members.eligible
        return self.members.participation / size if size else Fraction(0)

    @property
    def member_yes_share(self) -> Fraction:
        """Members voting yes over the electorate's size, compared with ``member_threshold``."""
        size = self.members.eligible
        return self.members.yes / size if size else Fraction(0)


def _passes(value: Fraction, required: Fraction, rule: ThresholdRule) -> bool:
    return value > required if rule is ThresholdRule.MORE_THAN else value >= required


def count(
    electorate: Electorate,
    ballots: Mapping[str, Choice],
    rules: MotionRules,
    motion_id: str = "",
) -> Tally:
    """Count the counted ballots (one per member) of a motion's electorate under its rules."""
    for member_id in ballots:
        if member_id not in electorate:
            raise NotInElectorate(motion_id, member_id, recused=member_id in electorate.recused)

    def weight(choice: Choice) -> Fraction:
        picked = (electorate.weights[m] for m, c in ballots.items() if c == choice)
        return sum(picked, Fraction(0))

    def heads(choice: Choice) -> Fraction:
        return Fraction(sum(1 for c in ballots.values() if c == choice))

    eligible = electorate.eligible_weight
    yes, no, abstain = weight(Choice.YES), weight(Choice.NO), weight(Choice.ABSTAIN)
    totals = Totals(yes, no, abstain, eligible - yes - no - abstain, eligible)
    size = Fraction(electorate.size)
    n_yes, n_no, n_abstain = heads(Choice.YES), heads(Choice.NO), heads(Choice.ABSTAIN)
    members = Totals(n_yes, n_no, n_abstain, size - n_yes - n_no - n_abstain, size)

    quorum_weight = rules.quorum * eligible
    quorum_heads = rules.quorum_members * size
    quorum_met = totals.participation >= quorum_weight and members.participation >= quorum_heads

    base = {
        ThresholdOf.CAST: yes + no,
        ThresholdOf.PRESENT: yes + no + abstain,
        ThresholdOf.ELIGIBLE: eligible,
    }[rules.threshold_of]
    required = rules.threshold * base
    weight_met = _passes(yes, required, rules.threshold_rule)
    if rules.threshold_of is ThresholdOf.CAST and yes + no == 0:
        weight_met = False
    blocking = (
        rules.blocking_minority_members > 0
        and size - n_yes < rules.blocking_minority_members
        and not weight_met
    )
    weight_met = weight_met or blocking

    member_required = rules.member_threshold * size
    member_met = rules.member_threshold <= 0 or n_yes >= member_required

    if not quorum_met:
        outcome = Outcome.NO_QUORUM
    elif weight_met and member_met:
        outcome = Outcome.CARRIED
    else:
        outcome = Outcome.FAILED
    return Tally(
        outcome=outcome,
        quorum_met=quorum_met,
        weight_test_met=weight_met,
        member_test_met=member_met,
        blocking_minority_applied=blocking,
        electorate=electorate.members,
        recused=electorate.recused,
        weights=electorate.weights,
        totals=totals,
        members=members,
        quorum_weight_required=quorum_weight,
        quorum_members_required=quorum_heads,
        threshold_base=base,
        threshold_required=required,
        member_yes_required=member_required,
        choices=dict(ballots),
    )
