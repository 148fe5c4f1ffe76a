"""A result message can be checked by reading: figures beside thresholds, the rule, the close,
and a roll call that is split, never cut, and always fits Slack's limits."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from slack_sdk.models.blocks import Block

from bot.sandbox.blockkit_rules import BlockKitLimits, message_block_problems
from bot.slack.motion_blocks import SECTION_LIMIT
from bot.slack.mrkdwn import md
from bot.slack.result_blocks import (
    MESSAGE_BLOCKS,
    announcement,
    result_message,
    roll_call_sections,
)
from bot.slack.wording import percents_apart
from governance.charter import Member, MotionRules, ThresholdOf, ThresholdRule, Weights
from governance.electorate import freeze_electorate
from governance.kinds import Expulsion, General, Payload
from governance.motion import Motion
from governance.tally import Choice

OPENED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REGISTER = (
    Member("acme", "Acme Corp", 110, representatives=("U0ACME1",)),
    Member("beta", "Beta Ltd", 10, representatives=("U0BETA1",)),
    Member("gamma", "Gamma GmbH", 40, representatives=("U0GAMMA1",)),
)
NAMES = {m.id: m.name for m in REGISTER}
TWO_THIRDS = MotionRules(threshold=Fraction(2, 3), threshold_rule=ThresholdRule.AT_LEAST)


def a_motion(
    rules: MotionRules = TWO_THIRDS,
    register: tuple[Member, ...] = REGISTER,
    payload: Payload | None = None,
) -> Motion:
    payload = payload or General()
    return Motion(
        id="12",
        kind=payload.kind,
        title="Adopt the budget",
        text="Resolved.",
        payload=payload,
        rules=rules,
        electorate=freeze_electorate(register, Weights(), rules, payload.subject),
        charter_version=1,
        opened_at=OPENED,
        closes_at=OPENED + timedelta(days=7),
        shown_at=OPENED,
    )


def valid(blocks: list[dict[str, object]]) -> None:
    for block in Block.parse_all(blocks):
        block.validate_json()
    assert message_block_problems(blocks, BlockKitLimits()) == []


def shown(motion: Motion, ballots: dict[str, Choice], when: datetime | None = None) -> str:
    closed, tally = motion.close(ballots, when or motion.closes_at)
    _, blocks = result_message(closed, tally, NAMES, "ab12cd34", "deadline")
    valid(blocks)
    return json.dumps(blocks, ensure_ascii=False)


def test_the_weight_test_shows_the_share_of_votes_cast_beside_the_threshold() -> None:
    text = shown(a_motion(), {"acme": Choice.YES, "beta": Choice.NO})
    assert "*Weight test* yes 91.7% of votes cast, needed ≥ 66.7%: met" in text  # 110 of 120
    assert "*Quorum* 75.0% of eligible weight took part, needed ≥ 50.0%: met" in text


def test_a_threshold_of_all_eligible_weight_is_shown_on_that_base() -> None:
    rules = MotionRules(threshold=Fraction(3, 4), threshold_of=ThresholdOf.ELIGIBLE)
    text = shown(a_motion(rules), {"acme": Choice.YES, "beta": Choice.NO})
    assert "yes 68.8% of all eligible weight, needed > 75.0%: not met" in text  # 110 of 160


def test_abstentions_count_in_the_base_when_the_charter_says_present() -> None:
    rules = MotionRules(threshold_of=ThresholdOf.PRESENT)
    text = shown(a_motion(rules), {"acme": Choice.YES, "gamma": Choice.ABSTAIN})
    assert "yes 73.3% of votes cast including abstentions, needed > 50.0%: met" in text


def test_a_figure_that_rounds_to_the_threshold_is_shown_with_more_decimals() -> None:
    assert percents_apart(Fraction(6666, 10000), Fraction(2, 3)) == ("66.66%", "66.67%")
    assert percents_apart(Fraction(2, 3), Fraction(2, 3)) == ("66.7%", "66.7%")
    close = Fraction(2, 3) - Fraction(1, 10**12)
    figure, needed = percents_apart(close, Fraction(2, 3))
    assert figure != needed
    assert "2/3" in needed


def test_no_votes_cast_says_so_instead_of_a_share() -> None:
    rules = MotionRules(quorum=Fraction(0))
    text = shown(a_motion(rules), {"gamma": Choice.ABSTAIN})
    assert "*Weight test* no yes or no votes were cast, needed > 50.0% of votes cast: not met" in (
        text
    )


def test_the_member_quorum_member_test_and_blocking_minority_are_each_shown() -> None:
    rules = MotionRules(
        quorum_members=Fraction(1, 2),
        member_threshold=Fraction(2, 3),
        threshold=Fraction(9, 10),
        blocking_minority_members=2,
    )
    text = shown(a_motion(rules), {"acme": Choice.YES, "beta": Choice.YES, "gamma": Choice.NO})
    assert "3 of 3 members took part (100.0%), needed ≥ 50.0%: met" in text
    assert "*Member test* 2 of 3 members voted yes (66.7%), needed ≥ 66.7%: met" in text
    assert "deemed met, since only 1 members did not vote yes" in text  # 120/160 < 9/10


def test_the_rule_sentence_and_the_close_are_stated() -> None:
    motion = a_motion()
    early = OPENED + timedelta(hours=3)
    ballots = {"acme": Choice.YES, "beta": Choice.NO, "gamma": Choice.YES}
    closed, tally = motion.close(ballots, early)
    _, blocks = result_message(closed, tally, NAMES, "head", "all_voted")
    text = json.dumps(blocks, ensure_ascii=False)
    assert "*Rule* Carried if at least 2/3 of votes cast (yes and no) by weight" in text
    assert f"*Closed* <!date^{int(early.timestamp())}^" in text
    assert "|2027-03-01 12:00 UTC>" in text  # the fallback for clients without the token
    assert "early: every member of the electorate had voted" in text
    at_deadline = shown(motion, {"acme": Choice.YES})
    assert "at the end of the voting period" in at_deadline
    assert "early" not in at_deadline


def test_a_result_shows_outcome_roll_call_and_the_chain_head() -> None:
    motion = a_motion()
    closed, tally = motion.close({"acme": Choice.YES, "beta": Choice.NO}, motion.closes_at)
    text, blocks = result_message(closed, tally, NAMES, "ab12cd34")
    valid(blocks)
    rendered = str(blocks)
    assert "Carried" in rendered
    assert "ab12cd34" in rendered
    assert "Acme Corp: *yes*" in rendered
    assert "Beta Ltd: *no*" in rendered
    assert not [b for b in blocks if b["type"] == "actions"]
    assert text.startswith("Motion 12 carried")


def test_a_secret_ballot_result_never_shows_who_chose_what() -> None:
    motion = a_motion(MotionRules(secret=True))
    closed, tally = motion.close({"acme": Choice.YES, "beta": Choice.NO}, motion.closes_at)
    _, blocks = result_message(closed, tally, NAMES, "head")
    assert "Acme Corp: *yes*" not in str(blocks)
    assert "Roll call" not in str(blocks)


def test_member_names_are_escaped_in_the_roll_call_and_the_recused_list() -> None:
    register = (
        Member("acme", "Acme <!channel> & Sons", 110),
        Member("beta", "Beta <@U0BOSS>", 10),
        Member("gamma", "Gamma > Delta", 40),
    )
    names = {m.id: m.name for m in register}
    rules = MotionRules(recuse=("subject",))
    motion = a_motion(rules, register, Expulsion("gamma", "dues"))
    closed, tally = motion.close({"acme": Choice.YES, "beta": Choice.NO}, motion.closes_at)
    _, blocks = result_message(closed, tally, names, "head")
    text = json.dumps(blocks)
    assert "Acme &lt;!channel&gt; &amp; Sons: *yes*" in text
    assert "Beta &lt;@U0BOSS&gt;: *no*" in text
    assert "recused: Gamma &gt; Delta" in text
    assert "<!channel>" not in text
    assert "<@U0BOSS>" not in text


def test_the_announcement_states_the_outcome_the_result_shows_with_names_escaped() -> None:
    register = (
        Member("acme", "Acme <!channel> & Sons", 110),
        Member("beta", "Beta Ltd", 10),
        Member("gamma", "Gamma <@U0BOSS>", 40),
    )
    names = {m.id: m.name for m in register}
    motion = a_motion(MotionRules(recuse=("subject",)), register, Expulsion("gamma", "dues"))
    motion = replace(motion, title="Remove <!here> Gamma")
    closed, tally = motion.close({"acme": Choice.YES, "beta": Choice.NO}, motion.closes_at)
    text, _ = result_message(closed, tally, names, "head")
    line = announcement(closed, names)
    assert text == "Motion 12 carried: Remove &lt;!here&gt; Gamma"
    assert line == (
        "*Motion 12* (Expulsion of a member) carried: Remove &lt;!here&gt; Gamma. "
        "Gamma &lt;@U0BOSS&gt; is removed from the pool."
    )
    failed, _ = motion.close({"beta": Choice.YES, "acme": Choice.NO}, motion.closes_at)
    assert (
        announcement(failed, names)
        == "*Motion 12* (Expulsion of a member) failed: Remove &lt;!here&gt; Gamma."
    )


def many_members(count: int) -> tuple[Member, ...]:
    return tuple(Member(f"m{i:04d}", f"Member {i:04d}", 1 + i % 7) for i in range(count))


def everyone_votes(register: tuple[Member, ...]) -> dict[str, Choice]:
    choices = list(Choice)
    return {m.id: choices[i % 3] for i, m in enumerate(register)}


def names_listed(blocks: list[dict[str, object]]) -> Counter[str]:
    text = "\n".join(json.dumps(b, ensure_ascii=False) for b in blocks)
    return Counter(re.findall(r"Member \d{4}", text))


def test_a_roll_call_of_a_thousand_members_is_split_at_lines_and_lists_each_once() -> None:
    register = many_members(1000)
    names = {m.id: m.name for m in register}
    lines = [md("• {}: *{}*", names[m], c.value) for m, c in everyone_votes(register).items()]
    sections = roll_call_sections(lines)
    assert sections is not None
    assert len(sections) > 1
    for block in sections:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
        text = block["text"]["text"]
        assert len(text) <= SECTION_LIMIT
        assert all(line.startswith(("• ", "*Roll call*")) for line in text.split("\n"))
    counts = names_listed(sections)
    assert set(counts) == set(names.values())
    assert set(counts.values()) == {1}


def test_a_roll_call_longer_than_a_section_is_split_within_the_message() -> None:
    register = many_members(200)
    names = {m.id: m.name for m in register}
    motion = a_motion(MotionRules(), register)
    closed, tally = motion.close(everyone_votes(register), motion.closes_at)
    _, blocks = result_message(closed, tally, names, "head", "all_voted")
    valid(blocks)
    roll_call = [b for b in blocks if "Member 0" in json.dumps(b)]
    assert len(roll_call) >= 2  # more than one section's 3000 characters
    counts = names_listed(blocks)
    assert set(counts) == set(names.values())
    assert set(counts.values()) == {1}


def test_a_thousand_member_result_fits_slacks_limits_and_says_where_the_roll_call_is() -> None:
    register = many_members(1000)
    names = {m.id: m.name for m in register}
    motion = a_motion(MotionRules(), register)
    closed, tally = motion.close(everyone_votes(register), motion.closes_at)
    _, blocks = result_message(closed, tally, names, "head", "all_voted")
    valid(blocks)
    assert len(blocks) <= MESSAGE_BLOCKS
    text = json.dumps(blocks)
    assert "1,000 members voted" in text
    assert "`poolgov export motion 12`" in text
    assert not names_listed(blocks)  # not a silently truncated list: no names at all


def test_a_name_too_long_for_any_section_is_never_cut() -> None:
    assert roll_call_sections([md("• {}: *yes*", "x" * SECTION_LIMIT)]) is None
