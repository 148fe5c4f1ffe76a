"""The voting texts in Chinese: every message renders from the fragment's translations, reads as
Chinese (full-width punctuation, no spaces between Chinese characters), keeps Slack's limits when
the text is Chinese, and refusals are translated while ``str(error)`` stays English."""

from __future__ import annotations

import gettext
import json
import re
import string
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import Language, speaking, speech
from bot.sandbox.blockkit_rules import BlockKitLimits, message_block_problems
from bot.slack import pool_blocks
from bot.slack.actions import receipt
from bot.slack.arguments import record_id
from bot.slack.motion_blocks import open_motion_message, vote_reminder_message
from bot.slack.motion_draft import DraftInvalid, parse_draft
from bot.slack.motion_modal import MODAL_TITLES, draft_modal, kind_picker
from bot.slack.mrkdwn import (
    HEADER_LIMIT,
    SECTION_LIMIT,
    clip,
    header,
    plain,
    plain_text,
    section,
    split,
)
from bot.slack.refusals import refusal_text
from bot.slack.replies import Refusal, explain
from bot.slack.result_blocks import announcement, result_and_thread, roll_call_sections
from bot.slack.roll_call_blocks import fits, json_length, roll_call_parts, sections_of
from bot.slack.wording import roll_call_lines, rule_sentence
from governance.charter import Member, MotionKind, MotionRules, ThresholdRule, Weights
from governance.electorate import freeze_electorate
from governance.errors import (
    ComplaintWrongStatus,
    MotionNotOpen,
    NotAuthorised,
    NotInElectorate,
    PayloadInvalid,
    VoteChangeNotAllowed,
    VotingClosed,
)
from governance.events import BallotRecorded
from governance.kinds import Expulsion, General, Payload
from governance.motion import BallotEffect, Motion
from governance.services.errors import UnknownReceipt
from governance.tally import Choice
from tests.unit.bot.zh_fragment import FRAGMENT, chinese, marked, read_po

OPENED = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
REGISTER = (
    Member("acme", "示例视频编解码有限公司", 110, representatives=("U0ACME1",)),
    Member("beta", "Beta Ltd", 10, representatives=("U0BETA1",)),
    Member("gamma", "甲乙丙技术股份有限公司", 40, representatives=("U0GAMMA1",)),
)
NAMES = {m.id: m.name for m in REGISTER}
RULES = MotionRules(
    threshold=Fraction(2, 3),
    threshold_rule=ThresholdRule.AT_LEAST,
    member_threshold=Fraction(1, 2),
    quorum_members=Fraction(1, 2),
)
CATALOG = read_po(FRAGMENT)
MARKED = marked()
#: this work's messages, as the catalog translates them
ENTRIES = {msgid: CATALOG.get(msgid, (plural, "")) for msgid, plural in MARKED.items()}
CJK = "\u4e00-\u9fff"


@pytest.fixture(autouse=True)
def _chinese_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    zh = chinese()
    english = gettext.NullTranslations()
    monkeypatch.setattr(speech, "catalog", lambda lang: zh if lang is Language.ZH_HANS else english)


def a_motion(payload: Payload | None = None, title: str = "批准2027年度预算") -> Motion:
    payload = payload or General()
    return Motion(
        id="12",
        kind=payload.kind,
        title=title,
        text="兹决议如下。",
        payload=payload,
        rules=RULES,
        electorate=freeze_electorate(REGISTER, Weights(), RULES, payload.subject),
        charter_version=1,
        opened_at=OPENED,
        closes_at=OPENED + timedelta(days=7),
        shown_at=OPENED,
    )


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# -- the fragment itself ------------------------------------------------------------------------


def test_every_message_has_a_translation_with_the_same_placeholders() -> None:
    assert len(MARKED) > 300
    missing = [msgid for msgid in MARKED if not CATALOG.get(msgid, (None, ""))[1]]
    assert missing == [], "every marked message of the voting surfaces has its Chinese"
    for msgid, (plural, msgstr) in ENTRIES.items():
        assert plural == MARKED[msgid], msgid
        assert msgstr, msgid
        assert _fields(msgstr) == _fields(msgid), msgid
        if plural is not None:
            assert _fields(plural) == _fields(msgid), msgid


def test_the_chinese_reads_as_chinese() -> None:
    """Full-width punctuation beside Chinese, no space between two Chinese characters, and the
    mrkdwn markers, code spans and tokens of the English kept."""
    for msgid, (_, msgstr) in ENTRIES.items():
        assert not re.search(f"[{CJK}] +[{CJK}]", msgstr), msgstr
        assert not re.search(f"[{CJK}][,.;:()!?]|[,;:(!?][{CJK}]", msgstr), msgstr
        assert not re.search(
            f"[{CJK}] [，。：；（）「」、]|[，。：；（）「」、] [{CJK}]", msgstr
        ), msgstr
        assert msgstr.count("`") == msgid.count("`"), msgid
        assert msgstr.count("```") == msgid.count("```"), msgid
        assert _italics(msgstr) == _italics(msgid), msgid
        assert msgstr.count("*") == msgid.count("*"), msgid


def _italics(text: str) -> int:
    """The ``_`` that mark italics: not those in placeholders, identifiers or code."""
    return re.sub(r"\{[^}]*\}|`[^`]*`|[A-Za-z]+_[A-Za-z_]+", "", text).count("_")


def test_the_glossary_terms_are_used() -> None:
    zh = {msgid: msgstr for msgid, (_, msgstr) in ENTRIES.items()}
    assert zh["Charter amendment"] == "章程修改"
    assert zh["General resolution"] == "一般事项议案"
    assert zh["yes"] == "赞成"
    assert zh["no"] == "反对"
    assert zh["abstain"] == "弃权"
    assert zh["carried"] == "已通过"
    assert zh["withdrawn"] == "已撤回"
    assert zh["no quorum"] == "未达法定人数"
    assert "不低于" in zh["Carried if at least {share} of all eligible weight"]
    assert "超过" in zh["Carried if more than {share} of all eligible weight"]
    assert "回执码" in zh["No ballot of your member has the receipt `{receipt}`."]
    assert zh["operator"] == "运营管理机构"


# -- rendering in Chinese, and the English left as it was ----------------------------------------


def test_a_motion_message_in_chinese() -> None:
    with speaking(Language.ZH_HANS):
        text, blocks = open_motion_message(a_motion(), NAMES, {"acme": Choice.YES})
    assert text == "议案 12 开始表决：批准2027年度预算"
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "议案 12：批准2027年度预算" in shown
    assert "一般事项议案 · 章程版本 1" in shown
    assert "通过条件：按表决权计，赞成票不低于有效表决票（赞成与反对）的 2/3" in shown
    assert '"text": "赞成"' in shown
    assert '"text": "弃权"' in shown
    assert message_block_problems(blocks, BlockKitLimits()) == []
    english, _ = open_motion_message(a_motion(), NAMES, {"acme": Choice.YES})
    assert english == "Motion 12 is open for voting: 批准2027年度预算"


def test_the_rule_in_chinese_and_in_english() -> None:
    with speaking(Language.ZH_HANS):
        zh = rule_sentence(RULES, ["甲公司", "乙公司"])
    assert zh == (
        "通过条件：按表决权计，赞成票不低于有效表决票（赞成与反对）的 2/3，"
        "且投赞成票的成员不低于成员数的 1/2；法定人数：全体有表决权权重的 1/2，且达到成员数的 1/2；"
        "回避：甲公司、乙公司。"
    )
    assert rule_sentence(RULES, ["A", "B"]) == (
        "Carried if at least 2/3 of votes cast (yes and no) by weight and at least 1/2 of members "
        "vote yes; quorum 1/2 of eligible weight and 1/2 of members; recused: A, B."
    )


def test_a_result_and_its_announcement_in_chinese() -> None:
    closed, tally = a_motion().close(
        {"acme": Choice.YES, "beta": Choice.NO, "gamma": Choice.YES}, OPENED + timedelta(days=7)
    )
    with speaking(Language.ZH_HANS):
        (text, blocks), thread = result_and_thread(closed, tally, NAMES, "ab12cd34", "deadline")
        said = announcement(closed, NAMES)
    assert text == "议案 12 已通过：批准2027年度预算"
    assert said == "*议案 12*（一般事项议案）已通过：批准2027年度预算。决议已通过。"
    shown = json.dumps(blocks, ensure_ascii=False)
    assert ":white_check_mark: *通过*" in shown
    assert "• 示例视频编解码有限公司：*赞成*" in shown
    assert "*成员* 共 3 家：赞成 2 · 反对 1 · 弃权 0 · 未投票 0" in shown
    assert thread == []
    assert message_block_problems(blocks, BlockKitLimits()) == []


def _event(effect: BallotEffect) -> BallotRecorded:
    return BallotRecorded(
        motion_id="12",
        member_id="acme",
        choice=Choice.NO,
        receipt="3f9a-02c4-7be1-9d0e-55ab",
        effect=effect,
        everyone_voted=False,
        cast_by="U0ACME1",
        cast_at=OPENED,
    )


def test_a_receipt_in_chinese_and_in_english() -> None:
    name = plain("示例<公司>")
    with speaking(Language.ZH_HANS):
        zh = receipt(_event(BallotEffect.RECORDED), name, secret=True)
    assert zh == (
        "您的表决票已记录：示例&lt;公司&gt;对议案 12 投 *反对*。回执码 `3f9a-02c4-7be1-9d0e-55ab`"
        "（可在专利池的审计链中查到）。本议案为秘密表决：仅公布合计。"
    )
    assert receipt(_event(BallotEffect.CHANGED), plain("Acme"), secret=False) == (
        "Your vote is changed: *no* for Acme on motion 12. Receipt `3f9a-02c4-7be1-9d0e-55ab` "
        "(find it in the pool's audit chain). The earlier ballot is kept in the record, marked "
        "superseded."
    )


def test_the_reminder_the_help_and_the_home_in_chinese() -> None:
    with speaking(Language.ZH_HANS):
        text, _ = vote_reminder_message("12", "预算", OPENED, "示例公司")
        help_ = json.dumps(
            pool_blocks.help_blocks(pool_blocks.Roles(operator=True, member_id="acme")),
            ensure_ascii=False,
        )
        home = pool_blocks.home_view(
            pool_blocks.Roles(member_id="acme"),
            [a_motion()],
            [pool_blocks.BallotRow("12", "预算", "yes", OPENED, "3f9a", superseded=True)],
            [],
            NAMES,
        )
    assert text == "提醒：议案 12（预算）即将截止表决，示例公司尚未投票。"
    assert "poolgov：您代表运营管理机构；您是 `acme` 的代表。" in help_
    shown = json.dumps(home, ensure_ascii=False)
    assert "您是 *示例视频编解码有限公司* 的代表。" in shown
    assert "*赞成（已被取代）*" in shown
    assert "待您所代表的成员表决" in shown


def test_the_modals_fit_slack_in_chinese() -> None:
    """A modal's title, submit and close hold 24 characters; a label 2000; an option 75."""
    with speaking(Language.ZH_HANS):
        views = [kind_picker()] + [draft_modal(k, timedelta(days=7), []) for k in MotionKind]
    for view in views:
        for key in ("title", "submit", "close"):
            if key in view:
                assert 0 < len(view[key]["text"]) <= 24
        assert re.search(f"[{CJK}]", view["title"]["text"])
    for kind in MotionKind:
        assert MODAL_TITLES[kind] != ""


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "english", "chinese"),
    [
        (
            NotAuthorised("put a motion to the members", "operator"),
            "Only the operator may put a motion to the members.",
            "仅运营管理机构可以向成员提交议案。",
        ),
        (
            MotionNotOpen("12", "withdrawn"),
            "Motion 12 is withdrawn; it no longer takes votes or changes.",
            "议案 12 已撤回，不再接受投票或修改。",
        ),
        (
            NotInElectorate("12", "acme", recused=True),
            "acme is recused from motion 12 because the motion concerns it.",
            "议案 12 涉及 acme，acme 应予回避。",
        ),
        (
            VoteChangeNotAllowed("12", "acme", "abstain"),
            "acme already voted abstain on motion 12, and the charter does not allow changing "
            "a vote.",
            "acme 已对议案 12 投弃权票，章程不允许更改表决票。",
        ),
        (
            ComplaintWrongStatus("3", "closed", "answered", ("filed", "acknowledged")),
            "Complaint 3 is closed; it can be answered only while filed or acknowledged.",
            "投诉 3 当前状态为「已结案」；"
            "仅当其状态为「已提交」或「已确认受理」时，才能变为「已答复」。",
        ),
        (
            PayloadInvalid("patents", "must be 0 or more"),
            "patents: must be 0 or more",
            "patents: 不得小于 0",
        ),
        (
            UnknownReceipt("<!channel>"),
            "No ballot of your member has the receipt `<!channel>`.",
            "您所代表的成员没有回执码为 `&lt;!channel&gt;` 的表决票。",
        ),
    ],
)
def test_a_refusal_is_translated_and_its_english_unchanged(
    error: Exception, english: str, chinese: str
) -> None:
    assert str(error) == english
    assert explain(error) == plain(english)
    with speaking(Language.ZH_HANS):
        assert explain(error) == chinese
        assert str(error) == english  # logs and the command line stay English
    assert refusal_text(error) == plain(english)  # type: ignore[arg-type]


def test_a_refusal_survives_the_trip_to_another_process() -> None:
    import pickle

    error = pickle.loads(  # noqa: S301 (poolgov's own refusal, as the ballot writer sends it)
        pickle.dumps(NotAuthorised("vote", "representatives of the pool's members"))
    )
    with speaking(Language.ZH_HANS):
        assert explain(error) == "仅专利池成员的代表可以投票。"


# -- Slack's limits with Chinese text -----------------------------------------------------------


def test_a_chinese_header_is_cut_at_150_characters() -> None:
    title = "关于调整视频编解码产品许可费率的议案" * 20
    with speaking(Language.ZH_HANS):
        motion = a_motion(title=title[:150])
        _text, blocks = open_motion_message(motion, NAMES, {})
    head = blocks[0]["text"]["text"]
    assert len(head) == HEADER_LIMIT
    assert head.endswith("…")
    assert head.startswith("议案 12：关于调整")
    assert header("专" * HEADER_LIMIT)["text"]["text"] == "专" * HEADER_LIMIT
    assert header("专" * (HEADER_LIMIT + 1))["text"]["text"] == "专" * (HEADER_LIMIT - 1) + "…"
    assert plain_text("许" * 76)["text"] == "许" * 74 + "…"


def test_chinese_mrkdwn_is_clipped_and_split_by_characters() -> None:
    exact = plain("成" * SECTION_LIMIT)
    assert clip(exact, SECTION_LIMIT) == exact
    over = plain("成" * (SECTION_LIMIT - 3) + "&<>")  # the entities sit across the limit
    cut = clip(over, SECTION_LIMIT)
    assert len(cut) <= SECTION_LIMIT
    assert cut.endswith("成…")
    assert section(plain("员" * 5000))["text"]["text"] == "员" * (SECTION_LIMIT - 1) + "…"
    text = plain("议案&通过" * 1000)
    pieces = split(text, 997)
    assert "".join(pieces) == text
    assert all(len(p) <= 997 and not re.search("&[a-z]{0,4}$", p) for p in pieces)


def test_a_chinese_roll_call_splits_between_lines_and_each_part_fits() -> None:
    names = {
        f"m{i:04}": f"第{i}号成员单位：" + "示例视频编解码专利技术有限公司" * 3 for i in range(900)
    }
    choices = {member: "yes" if i % 3 else "no" for i, member in enumerate(names)}
    with speaking(Language.ZH_HANS):
        rows = roll_call_lines(choices, names)
        sections = roll_call_sections(rows)
        parts = roll_call_parts("12", rows)
    assert sections is not None
    assert all(len(s["text"]["text"]) <= SECTION_LIMIT for s in sections)
    shown = [line for s in sections for line in s["text"]["text"].split("\n")]
    assert shown[0] == "*记名表决情况*"
    assert sorted(shown[1:]) == sorted(rows)
    assert len(parts) > 1
    for text, blocks in parts:
        assert text.startswith("议案 12 的记名表决情况，第 ")
        assert fits(blocks)
        assert message_block_problems(blocks, BlockKitLimits()) == []
    listed = [
        line for _, blocks in parts for b in blocks[1:] for line in b["text"]["text"].split("\n")
    ]
    assert sorted(listed) == sorted(rows)


def test_a_chinese_row_longer_than_a_section_is_split_not_dropped() -> None:
    row = plain("超" * (SECTION_LIMIT * 2))
    blocks = sections_of([row])
    assert "".join(b["text"]["text"].replace("\n", "") for b in blocks) == row
    assert all(json_length(b["text"]["text"]) <= SECTION_LIMIT for b in blocks)


def test_a_long_chinese_register_pages_within_a_message() -> None:
    rows = [
        pool_blocks.RegisterRow(
            f"m{i}", "示例视频编解码专利技术有限公司" * 4, 12, Fraction(1), Fraction(1, 300), ()
        )
        for i in range(300)
    ]
    with speaking(Language.ZH_HANS):
        pages = pool_blocks.register_pages(rows)
    assert len(pages) > 1
    assert sum(len(p) for p in pages) == 300
    for page in pages:
        assert fits(sections_of(page))


def test_an_expulsion_names_the_member_in_chinese() -> None:
    motion = a_motion(Expulsion(member_id="beta", reason="严重违反入池协议"))
    with speaking(Language.ZH_HANS):
        _, blocks = open_motion_message(motion, NAMES, {})
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "*成员：* Beta Ltd" in shown
    assert "*理由：* 严重违反入池协议" in shown


def test_a_reason_with_facts_is_translated_on_its_field_and_in_the_refusal() -> None:
    error = PayloadInvalid("member_id", "{member} is not a member of the pool", member="'zzz'")
    assert str(error) == "member_id: 'zzz' is not a member of the pool"
    with speaking(Language.ZH_HANS):
        assert explain(error) == "member_id: 'zzz' 不是专利池的成员"
    values = {
        "title": {"value": {"value": "除名"}},
        "voting_period": {"value": {"value": "7d"}},
        "member": {"value": {"selected_option": {"value": "zzz"}}},
        "reason": {"value": {"value": "理由"}},
    }
    with pytest.raises(DraftInvalid) as english:
        parse_draft(MotionKind.EXPULSION, values, ["acme"])
    assert english.value.errors == {"member": "'zzz' is not a member of the pool."}
    with speaking(Language.ZH_HANS), pytest.raises(DraftInvalid) as zh:
        parse_draft(MotionKind.EXPULSION, values, ["acme"])
    assert zh.value.errors == {"member": "'zzz' 不是专利池的成员。"}


def test_a_number_or_duration_that_does_not_read_is_explained_in_chinese() -> None:
    values = {
        "title": {"value": {"value": "预算"}},
        "text": {"value": {"value": "兹决议。"}},
        "voting_period": {"value": {"value": "七天"}},
    }
    with speaking(Language.ZH_HANS), pytest.raises(DraftInvalid) as zh:
        parse_draft(MotionKind.GENERAL, values, ["acme"])
    assert zh.value.errors == {"voting_period": "'七天' 不是有效的时长；请填写如 30m、2h、7d 或 2w"}
    with speaking(Language.ZH_HANS), pytest.raises(Refusal) as refused:
        record_id("十二", "a motion number", "")
    assert refused.value.message == "请用数字 0-9 填写议案编号。"
    with pytest.raises(Refusal) as english:
        record_id("twelve", "a motion number", "")
    assert english.value.message == "Write a motion number in the digits 0-9. "


# -- who reads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "told_there"),
    [
        ({"type": "block_actions", "user": {"id": "U0ZH1"}, "channel": {"id": "C0GOV"}}, True),
        ({"command": "/pool", "user_id": "U0ZH1", "channel_id": "C0GOV"}, True),
        ({"type": "event_callback", "event": {"type": "app_home_opened", "user": "U0ZH1"}}, False),
    ],
)
def test_a_refusal_speaks_the_language_of_the_person_refused(
    monkeypatch: pytest.MonkeyPatch, body: dict[str, object], told_there: bool
) -> None:
    from bot.slack import locales, replies

    asked: list[str | None] = []

    def reader_language(rt: object, user_id: str | None) -> Language:
        asked.append(user_id)
        return Language.ZH_HANS if user_id == "U0ZH1" else Language.EN

    monkeypatch.setattr(locales, "reader_language", reader_language)
    told: list[str] = []

    class Client:
        def chat_postEphemeral(self, **kwargs: str) -> None:  # noqa: N802 (Slack's name)
            told.append(kwargs["text"])

        def chat_postMessage(self, **kwargs: str) -> None:  # noqa: N802 (Slack's name)
            told.append(kwargs["text"])

    def listener(ack: object) -> None:
        assert asked == []  # nobody's locale is looked up on the way to an ack
        raise NotAuthorised("vote", "operator")

    run = replies._guarded(listener, ["ack"], rt=object())  # type: ignore[arg-type]
    run(ack=None, body=body, client=Client(), respond=None)
    assert asked == ["U0ZH1"]
    assert told == (["仅运营管理机构可以投票。"] if told_there else [])
    assert speech.language() is Language.EN  # only while the refusal is written


def test_a_refusal_names_its_instant_as_chinese_writes_a_date() -> None:
    error = VotingClosed("12", datetime(2027, 1, 5, 10, 0, tzinfo=UTC))
    assert explain(error) == "Voting on motion 12 closed at 2027-01-05T10:00:00+00:00."
    with speaking(Language.ZH_HANS):
        assert explain(error) == "议案 12 的表决已于2027年1月5日 10:00（UTC）截止。"


def test_a_refusal_that_writes_its_own_sentence_is_shown_as_it_reads() -> None:
    class OwnWords(NotAuthorised):
        def __str__(self) -> str:
            return "Only a proxy's principal may revoke it <here>."

    error = OwnWords("revoke", "principal")
    with speaking(Language.ZH_HANS):
        assert explain(error) == "Only a proxy's principal may revoke it &lt;here&gt;."


_MIXED = st.text(
    alphabet=st.sampled_from(list("议案通过表决回执成员、。（）&<>abc *_`\n")), max_size=400
)


@settings(max_examples=200, deadline=None)
@given(text=_MIXED, limit=st.integers(min_value=8, max_value=300))
def test_chinese_and_entities_clip_and_split_at_any_limit(text: str, limit: int) -> None:
    """Whatever mix of Chinese, escaped entities and markers, at any limit: a clipped text is
    within it and never ends inside an entity, and the pieces of a split join back to it."""
    safe = plain(text)
    cut = clip(safe, limit)
    assert len(cut) <= limit
    assert not re.search(r"&[a-z]{0,4}$", cut.removesuffix("…"))
    if len(safe) <= limit:
        assert cut == safe
    pieces = split(safe, limit)
    assert "".join(pieces) == safe
    assert all(len(piece) <= limit for piece in pieces)
    assert all(not re.search(r"&[a-z]{0,4}$", piece) for piece in pieces[:-1])
