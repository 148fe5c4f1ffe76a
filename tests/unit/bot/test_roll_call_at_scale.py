"""At 10,000 members the result's roll call goes to its thread in parts that each fit Slack's
limits, and across the parts every member is named exactly once, in the result's order; the
register pages the same way in ``/pool members``, and the App Home stays within a Home tab."""

from __future__ import annotations

import json
import re
from collections import Counter
from fractions import Fraction

from slack_sdk.models.views import View

from bot.sandbox.blockkit_rules import BlockKitLimits, message_block_problems
from bot.slack import pool_blocks
from bot.slack.mrkdwn import md
from bot.slack.result_blocks import result_and_thread
from bot.slack.roll_call_blocks import roll_call_parts, sections_of
from bot.slack.wording import roll_call_lines
from governance.charter import Member, MotionRules
from governance.tally import Choice
from tests.mrkdwn_audit import HOSTILE, message_problems, mrkdwn_texts
from tests.unit.bot.test_result_blocks import a_motion

MEMBERS = 10_000
NAME = re.compile(r"Licensor (\d{5})\b")


def big_register(count: int = MEMBERS) -> tuple[Member, ...]:
    """Realistic names (some with ``&``, some in Chinese, some hostile), numbered to count."""

    def name(i: int) -> str:
        if i % 97 == 0:
            return f"Licensor {i:05d} {HOSTILE}"
        if i % 11 == 0:  # a pool of Asian licensors: every character counts six in the JSON
            return f"Licensor {i:05d} 华为技术有限公司知识产权许可与专利池管理部门"
        if i % 13 == 0:
            return f"Licensor {i:05d} Patentverwertungs- & Lizenzgesellschaft mbH & Co. KG"
        return f"Licensor {i:05d} Ltd"

    return tuple(Member(f"m{i:05d}", name(i), 1 + i % 7) for i in range(count))


def votes(register: tuple[Member, ...]) -> dict[str, Choice]:
    choices = list(Choice)
    return {m.id: choices[i % 3] for i, m in enumerate(register)}


def named(blocks: object) -> list[str]:
    return [n for text in mrkdwn_texts(blocks) for n in NAME.findall(text)]


def within_limits(text: str, blocks: list[dict[str, object]]) -> None:
    assert message_block_problems(blocks, BlockKitLimits()) == []
    assert message_problems(text, blocks) == []


def test_a_ten_thousand_member_roll_call_goes_to_the_thread_without_losing_a_name() -> None:
    register = big_register()
    names = {m.id: m.name for m in register}
    motion = a_motion(MotionRules(), register)
    closed, tally = motion.close(votes(register), motion.closes_at)
    (text, blocks), thread = result_and_thread(closed, tally, names, "head", "all_voted")

    within_limits(text, blocks)
    pointer = json.dumps(blocks)
    assert "10,000 members voted" in pointer
    assert f"in this message's thread, in {len(thread)} parts" in pointer
    assert "`poolgov export motion 12`" in pointer
    assert named(blocks) == []  # not a silently cut list

    listed: list[str] = []
    for number, (part_text, part_blocks) in enumerate(thread, 1):
        within_limits(part_text, part_blocks)
        assert f"part {number} of {len(thread)}" in part_text
        listed += named(part_blocks)
    counts = Counter(listed)
    assert len(counts) == MEMBERS
    assert set(counts.values()) == {1}
    expected = [
        NAME.findall(line)[0]
        for line in roll_call_lines({m: c.value for m, c in tally.choices.items()}, names)
    ]
    assert listed == expected  # yes first, then no, then abstain, each by name


def test_a_name_longer_than_a_section_is_split_across_sections_never_dropped() -> None:
    long_name = "Licensor 00001 " + "& <Holdings> " * 400  # about 5,200 characters escaped
    wide_name = "Licensor 00003 " + "专利" * 600  # 1,200 characters, 7,200 in the JSON
    rows = [
        md("• {}: *yes*", long_name),
        md("• {}: *no*", "Licensor 00002 Ltd"),
        md("• {}: *abstain*", wide_name),
    ]
    sections = sections_of(rows)
    texts = [b["text"]["text"] for b in sections]
    assert all(len(json.dumps(t)) <= 3002 for t in texts)
    assert "".join(texts).replace("\n", "") == "".join(rows)
    for text in texts:
        assert message_problems(text, []) == []
        assert not re.search(r"&[a-z]{0,4}$", text)  # no entity cut in half
    parts = roll_call_parts("12", rows)
    for part in parts:
        within_limits(*part)


def test_the_register_of_ten_thousand_pages_within_a_messages_limits() -> None:
    register = big_register()
    rows = [
        pool_blocks.RegisterRow(m.id, m.name, m.patents, Fraction(0), Fraction(1, MEMBERS), ())
        for m in register
    ]
    from tests.unit.bot.test_mentions import a_charter

    charter = a_charter()
    pages = pool_blocks.register_pages(rows)
    listed = Counter(n for page in pages for line in page for n in NAME.findall(line))
    assert listed == Counter(f"{i:05d}" for i in range(MEMBERS))  # each on exactly one page
    assert all(sum(len(json.dumps(line)) for line in page) <= 9_000 for page in pages)
    total = len(pages)
    for page in (1, 2, total // 2, total):
        blocks = pool_blocks.members_blocks(rows, charter, page)
        within_limits("", blocks)
        assert Counter(named(blocks)) == Counter(
            n for line in pages[page - 1] for n in NAME.findall(line)
        )
        footer = json.dumps(blocks[-1])
        assert f"page {page} of {total}" in footer
        assert (f"`/pool members {page + 1}`" in footer) == (page < total)
    last = pool_blocks.members_blocks(rows, charter, total + 5)  # past the end: the last page
    assert named(last) == named(pool_blocks.members_blocks(rows, charter, total))


def test_the_app_home_of_a_large_pool_stays_within_a_home_tab() -> None:
    register = big_register()
    names = {m.id: m.name for m in register}
    motions = [a_motion(MotionRules(), register[:50]) for _ in range(60)]
    ballots = [
        pool_blocks.BallotRow(str(i), f"Title {HOSTILE} " * 20, "yes", motions[0].opened_at, "r")
        for i in range(60)
    ]
    home = pool_blocks.home_view(
        pool_blocks.Roles(member_id="m00097"),
        motions,
        ballots,
        [(m, 5_000) for m in motions],
        names,
    )
    View(**home).validate_json()
    assert len(home["blocks"]) <= BlockKitLimits().surface_blocks
    assert message_problems(None, home) == []
