"""Meeting, complaint and witness messages in both languages: the English exactly as before, the
Chinese from the catalog's translations, with dates in fallbacks as 2027年1月5日 10:00.

The Chinese comes from the catalog source (the folded ``zh_Hans`` catalog, or this part's
fragment before it is folded), read here so that the test does not depend on a compiled build.
"""

from __future__ import annotations

import ast
import gettext
import string
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import cast
from zoneinfo import ZoneInfo

import pytest

import bot.i18n.speech as speech
from bot import notice_content, outbox
from bot.i18n import Language, speaking
from bot.i18n.formats import format_datetime, utc_fallback
from bot.ics import pool_language, to_ics
from bot.runtime import Runtime
from bot.slack import complaint_blocks, complaint_notices, locales, meeting_blocks, witness_blocks
from bot.slack.date_words import date_token, duration
from governance.complaints import ComplaintStatus, EscalationReason
from governance.complaints.deadlines import Deadline, Reminder
from governance.meetings.attendance import Forecast
from governance.meetings.occurrences import Occurrence, OccurrenceStatus
from storage.audit.signing import SignedHead
from tests.unit.complaints.cast import filed
from tests.unit.meetings.meetings import BERLIN, assembly, charter

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    ROOT / "bot" / "locale" / "incoming" / "i18n-meetings.po",
    ROOT / "bot" / "locale" / "zh_Hans" / "LC_MESSAGES" / "poolgov.po",
]
MODULES = [
    ROOT / "bot" / "slack" / name
    for name in (
        "meetings.py",
        "meeting_blocks.py",
        "meeting_words.py",
        "complaints.py",
        "complaint_blocks.py",
        "complaint_forms.py",
        "complaint_notices.py",
        "witness_blocks.py",
        "date_words.py",
    )
] + [ROOT / "bot" / "ics.py"]

AT = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
OCCURRENCE = Occurrence(
    meeting_id="ga",
    key="ga@2027-01-05T17:00",
    title="General Assembly",
    channel="C0GENERAL",
    starts=AT,
    ends=AT + timedelta(hours=2),
    local_start=AT.astimezone(SHANGHAI),
    status=OccurrenceStatus.SCHEDULED,
    original_start=AT,
)
OUTLOOK = Forecast(("acme",), ("beta",), Fraction(3, 5), Fraction(1, 2), True)
NAMES = {"acme": "Acme", "beta": "Beta"}
TOKEN = "<!date^1799139600^{date_long_pretty} {time}|"


def _unquote(line: str) -> str:
    value = ast.literal_eval(line)
    assert isinstance(value, str)
    return value


def read_po(text: str) -> dict[str | tuple[str, int], str]:
    """``{msgid: msgstr}`` (plurals under ``(msgid, n)``) of a PO file's translated entries."""
    entries: dict[str | tuple[str, int], str] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        msgid = fields.get("msgid")
        if msgid:
            if "msgstr" in fields:
                entries[msgid] = fields["msgstr"]
            for key, value in fields.items():
                if key.startswith("msgstr["):
                    entries[(msgid, int(key[7:-1]))] = value
        fields.clear()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            current = None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert current is not None
            fields[current] += _unquote(line)
        else:
            key, _space, rest = line.partition(" ")
            if key == "msgid" and "msgid" in fields:
                flush()
            current = key
            fields[key] = _unquote(rest)
    return entries


class Catalog(gettext.NullTranslations):
    def __init__(self, entries: dict[str | tuple[str, int], str]) -> None:
        super().__init__()
        self.entries = entries

    def gettext(self, message: str) -> str:
        return self.entries.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.entries.get((msgid1, 0)) or (msgid1 if n == 1 else msgid2)


def chinese() -> dict[str | tuple[str, int], str]:
    entries: dict[str | tuple[str, int], str] = {}
    for source in SOURCES:
        if source.exists():
            entries.update(read_po(source.read_text(encoding="utf-8")))
    return entries


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    table = Catalog(chinese())
    english = gettext.NullTranslations()
    monkeypatch.setattr(
        speech, "catalog", lambda lang: table if lang is Language.ZH_HANS else english
    )
    with speaking(Language.ZH_HANS):
        yield


def _messages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name in ("_", "t", "N_", "tn") and isinstance(first, ast.Constant):
                found.add(str(first.value))
    return found


def _names(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_message_of_the_module_has_chinese_with_the_same_placeholders(path: Path) -> None:
    entries = chinese()
    for message in sorted(_messages(path)):
        translated = entries.get(message) or entries.get((message, 0))
        assert translated, f"no Chinese for {message!r}"
        assert _names(translated) == _names(message), message


def test_english_is_as_it_was() -> None:
    assert utc_fallback(AT) == "2027-01-05 09:00 UTC"
    assert format_datetime(AT.astimezone(SHANGHAI)) == "2027-01-05 17:00"
    assert date_token(AT) == TOKEN + "2027-01-05 09:00 UTC>"
    assert [duration(timedelta(seconds=s)) for s in (90, 120, 7200, 86400, 1209600)] == [
        "90s",
        "2m",
        "2h",
        "1d",
        "2w",
    ]
    text, _blocks = meeting_blocks.reminder_message(OCCURRENCE, timedelta(days=1), OUTLOOK, NAMES)
    assert text == "Reminder: General Assembly starts in 1d"
    assert meeting_blocks.when_line(OCCURRENCE) == (
        TOKEN + "2027-01-05 09:00 UTC> (2027-01-05 17:00 CST, pool time), for 2h in <#C0GENERAL>"
    )
    assert meeting_blocks.rsvp_text("Acme", False, OCCURRENCE.key) == (
        "Recorded: Acme is *not attending* `ga@2027-01-05T17:00`."
    )


def test_a_meeting_reminder_in_chinese(zh: None) -> None:
    text, blocks = meeting_blocks.reminder_message(OCCURRENCE, timedelta(days=1), OUTLOOK, NAMES)
    assert text == "提醒：General Assembly将于1天后开始"
    assert blocks[0]["text"]["text"] == "提醒：General Assembly"
    assert blocks[1]["text"]["text"] == (
        "*开始时间* "
        + TOKEN
        + "2027年1月5日 09:00 UTC>（专利池所在时区：2027年1月5日 17:00 CST），时长2小时，"
        "在 <#C0GENERAL> 举行"
    )
    assert [b["text"]["text"] for b in blocks[3]["elements"]] == ["出席", "不出席"]
    assert meeting_blocks.rsvp_text("Acme", True, OCCURRENCE.key) == (
        "已记录：Acme *出席* 会议 `ga@2027-01-05T17:00`。"
    )


def test_a_complaint_notice_in_chinese(zh: None) -> None:
    line = complaint_blocks.summary_line(filed())
    assert line.startswith("投诉 *c-1* · 收益分配 · *已提交* · 确认受理截止时间：<!date^")
    assert "|2027年3月4日 09:00 UTC>" in line
    assert complaint_blocks.step_notice_text(filed(), motion=True) == (
        ":ballot_box: " + line + "：已提交成员表决"
    )


def test_a_witness_post_in_chinese(zh: None) -> None:
    signed = SignedHead(7, "ab" * 32, "key-1", "c2ln", AT)
    fallback, blocks = witness_blocks.witness_message(signed)
    assert fallback.startswith(":lock: 自上次在此发布链头以来，审计链已新增记录。")
    assert fallback.endswith(f"链头 {'ab' * 32}，第 7 条记录，密钥 key-1，签名 c2ln")
    assert "*签名时间* " + TOKEN + "2027年1月5日 09:00 UTC>" in blocks[1]["text"]["text"]


def test_chinese_dates_and_durations(zh: None) -> None:
    assert utc_fallback(AT) == "2027年1月5日 09:00 UTC"
    assert format_datetime(datetime(2027, 11, 25, 8, 5, tzinfo=SHANGHAI)) == "2027年11月25日 08:05"
    assert [duration(timedelta(seconds=s)) for s in (90, 120, 7200, 86400, 1209600)] == [
        "90秒",
        "2分钟",
        "2小时",
        "1天",
        "2周",
    ]


def test_the_calendar_file_speaks_the_pools_language_and_keeps_its_machine_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = Catalog(chinese())
    monkeypatch.setattr(
        speech,
        "catalog",
        lambda lang: table if lang is Language.ZH_HANS else gettext.NullTranslations(),
    )
    english = charter(BERLIN, assembly(BERLIN))
    in_chinese = charter(BERLIN, assembly(BERLIN))
    object.__setattr__(in_chinese.pool, "language", "zh-Hans")  # the charter's pool.language
    assert pool_language(english) is Language.EN
    assert pool_language(in_chinese) is Language.ZH_HANS
    lines = {
        "en": to_ics(english, stamp=AT).decode().splitlines(),
        "zh": to_ics(in_chinese, stamp=AT).decode().splitlines(),
    }
    located = {
        lang: [x for x in found if x.startswith("LOCATION")] for lang, found in lines.items()
    }
    assert located["en"] == ["LOCATION:Slack channel C0GENERAL"]
    assert located["zh"] == ["LOCATION:Slack 频道 C0GENERAL"]
    # the title is one text here, so SUMMARY is the same too
    unchanged = ("UID", "DTSTART", "DTSTAMP", "RRULE", "DURATION", "SUMMARY", "TZID")
    for prefix in unchanged:
        assert [x for x in lines["en"] if x.startswith(prefix)] == [
            x for x in lines["zh"] if x.startswith(prefix)
        ]


# --- who reads decides: a DM in each reader's language, a channel post in the pool's ----------


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """A Chinese pool whose operator has a Chinese and an English user; what was posted."""
    table = Catalog(chinese())
    english = gettext.NullTranslations()
    monkeypatch.setattr(
        speech, "catalog", lambda lang: table if lang is Language.ZH_HANS else english
    )
    monkeypatch.setattr(locales, "pool_language", lambda rt: Language.ZH_HANS)
    speaks = {"U0ZH1": Language.ZH_HANS, "U0EN1": Language.EN}
    monkeypatch.setattr(locales, "reader_language", lambda rt, user: speaks[str(user)])
    the_charter = SimpleNamespace(
        operator=SimpleNamespace(users=("U0ZH1", "U0EN1")),
        supervisors=SimpleNamespace(channel="C0SUPER"),
    )
    monkeypatch.setattr(complaint_notices, "_charter", lambda rt: the_charter)
    posted: list[tuple[str, str, str]] = []

    def post(rt: object, key: str, channel: str, text: str, *rest: object, **kw: object) -> None:
        posted.append((key, channel, text))

    monkeypatch.setattr(outbox, "post", post)
    return posted


def test_a_deadline_reminder_is_dmed_to_each_operator_user_in_their_own_language(
    readers: list[tuple[str, str, str]],
) -> None:
    reminder = Reminder("r-1", "c-1", Deadline.ACKNOWLEDGE_BY, AT, timedelta(days=1), AT)
    complaint_notices.remind(cast(Runtime, None), reminder)
    token = TOKEN.replace("1799139600", str(int(AT.timestamp())))
    assert readers == [
        (
            "r-1/to/U0ZH1",
            "U0ZH1",
            ":alarm_clock: 提醒：投诉 *c-1* 的确认受理截止时间为"
            + token
            + "2027年1月5日 09:00 UTC>。可在 poolgov 的应用主页打开，或使用 "
            "`/complaint show c-1` 查看。",
        ),
        (
            "r-1/to/U0EN1",
            "U0EN1",
            ":alarm_clock: Reminder: complaint *c-1*: acknowledge by "
            + token
            + "2027-01-05 09:00 UTC>. Open it from poolgov's App Home or with "
            "`/complaint show c-1`.",
        ),
    ]


def test_an_escalation_is_flagged_in_the_supervisors_channel_in_the_pools_language(
    readers: list[tuple[str, str, str]],
) -> None:
    escalated = replace(
        filed(),
        status=ComplaintStatus.ESCALATED,
        escalation_reason=EscalationReason.ANSWER_REJECTED,
    )
    with speaking(Language.EN):  # whoever clicked reads English; the channel is the pool's
        complaint_notices.flag_escalation(cast(Runtime, None), escalated)
    ((key, channel, text),) = readers
    assert (key, channel) == ("complaint/c-1/escalation-notice", "C0SUPER")
    assert text == (
        ":rotating_light: 已升级处理：投诉 *c-1* · 收益分配 · *已升级处理* · 监督员不接受答复。"
        "该投诉已列入下次会议议程。"
    )


def test_a_step_notice_is_rendered_at_send_time_for_whoever_reads_it(
    readers: list[tuple[str, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notice_content, "complaint_for_notice", lambda uow, step: filed())
    rt = cast(Runtime, SimpleNamespace(reader=lambda: None))
    sent = {
        key: notice_content.render(rt, key, AT)
        for key in ("complaint/c-1/filed", "complaint/c-1/filed/to/U0EN1")
    }
    channel, dm = (str((found or {})["text"]) for found in sent.values())
    assert channel.startswith(":memo: 新收到投诉 *c-1* · 收益分配 · *已提交* · ")
    assert dm.startswith(":memo: New Complaint *c-1* · Revenue distribution · *filed* · ")
    assert dm.endswith(". Open it from poolgov's App Home or with `/complaint show c-1`.")
