"""The voting surfaces in two languages at once, through signed HTTP and the stand-in Slack: a
pool whose channel reads Chinese, a representative who reads Chinese and one who reads English.

The language choice itself (``pool.language``, each reader's Slack locale) is stood in for here
(:mod:`bot.slack.locales` is asked who reads what), and the Chinese comes from this work's
catalog fragment, read as it is: what is shown is who gets which language, and that every
voting text takes it: the motion's post, each receipt, a refusal, ``/pool`` and the result.
"""

from __future__ import annotations

import gettext
import re

import pytest

from bot.i18n import Language, speech
from bot.sandbox import Message
from bot.slack import locales
from tests.e2e.conftest import Harness
from tests.e2e.flows import (
    closed,
    ephemerals_to,
    eventually,
    pool_says,
    submit_draft,
    text_of,
    vote,
)
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE, OPERATOR, OUTSIDER
from tests.unit.bot.zh_fragment import chinese

#: the operator reads English too: the motion they put is posted in the pool's language all the same
ENGLISH_READERS = {BETA, OPERATOR}


@pytest.fixture
def bilingual(pool: Harness, monkeypatch: pytest.MonkeyPatch) -> Harness:
    zh, en = chinese(), gettext.NullTranslations()
    monkeypatch.setattr(speech, "catalog", lambda lang: zh if lang is Language.ZH_HANS else en)
    monkeypatch.setattr(locales, "pool_language", lambda rt: Language.ZH_HANS)
    monkeypatch.setattr(
        locales,
        "reader_language",
        lambda rt, user: Language.EN if user in ENGLISH_READERS else Language.ZH_HANS,
    )
    return pool


def open_in_chinese(h: Harness) -> Message:
    before = len(h.fake.messages(GOVERNANCE))
    answer = submit_draft(h, "general", {"title": "批准2027年度预算", "text": "兹决议批准预算。"})
    assert answer.status == 200, answer.text

    def posted() -> list[Message]:
        return [m for m in h.fake.messages(GOVERNANCE)[before:] if "开始表决" in m.text]

    found: list[Message] = eventually(posted)
    return found[0]


def last_ephemeral(h: Harness, user: str, before: int) -> str:
    found: list[str] = eventually(lambda: ephemerals_to(h, user)[before:])
    return found[-1]


def test_each_reader_gets_their_language_and_the_channel_the_pools(bilingual: Harness) -> None:
    h = bilingual
    message = open_in_chinese(h)
    motion = re.search(r"议案 (\d+) 开始表决", message.text)
    assert motion is not None
    number = motion.group(1)
    assert message.text == f"议案 {number} 开始表决：批准2027年度预算"
    shown = text_of(message)
    assert f"议案 {number}：批准2027年度预算" in shown
    assert "通过条件：按表决权计，赞成票超过有效表决票（赞成与反对）的 1/2" in shown
    assert '"text": "赞成"' in shown

    vote(h, ACME, message, "yes")
    zh = last_ephemeral(h, ACME, 0)
    assert re.fullmatch(
        rf"您的表决票已记录：Acme Corp对议案 {number} 投 \*赞成\*。回执码 `[0-9a-f-]+`"
        r"（可在专利池的审计链中查到）。",
        zh,
    ), zh
    vote(h, BETA, message, "no")
    en = last_ephemeral(h, BETA, 0)
    assert en.startswith(f"Your vote is recorded: *no* for Beta Ltd on motion {number}. Receipt `")

    vote(h, OUTSIDER, message, "yes")
    assert last_ephemeral(h, OUTSIDER, 0) == "仅专利池成员的代表可以投票。"

    helped = pool_says(h, ACME, "help")
    assert "poolgov：您是 `acme` 的代表。" in helped
    assert "*`/proxy revoke`* 撤回委托（代表）" in helped
    assert "poolgov: you represent `beta`." in pool_says(h, BETA, "help")
    assert "您所代表的成员没有回执码为 `beef-beef-beef` 的表决票。" in pool_says(
        h, ACME, "receipt beef-beef-beef"
    )

    vote(h, GAMMA, message, "yes")
    vote(h, DELTA, message, "abstain")
    result = closed(h, message)
    shown = text_of(result)
    assert result.text == f"议案 {number} 已通过：批准2027年度预算"
    assert ":white_check_mark: *通过*" in shown
    assert "• Acme Corp：*赞成*" in shown
    assert "*表决结束：*" in shown

    def announced() -> list[Message]:
        return [m for m in h.fake.messages(GOVERNANCE) if m.text.startswith(f"*议案 {number}*")]

    (said,) = eventually(announced)
    assert said.text == f"*议案 {number}*（一般事项议案）已通过：批准2027年度预算。决议已通过。"
    assert not any("Motion" in m.text for m in h.fake.messages(GOVERNANCE)), (
        "every channel post is in the pool's language"
    )
