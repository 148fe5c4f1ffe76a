"""Charter texts people read, as a string or a mapping by language, and ``pool.language``."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.charter_file import CharterFileError, load_charter
from bot.cli.app import app
from bot.i18n import Language, local, speaking
from governance.bilingual import Bilingual, in_language

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples" / "charter.yaml").read_text(encoding="utf-8")
POOL = "  name: Example Video Codec Pool\n  timezone: Asia/Shanghai\n"
ACME = "    name: Acme Video Technologies Inc.\n"
BILINGUAL_POOL = (
    "  name: {zh-Hans: 示例视频编解码专利池, en: Example Video Codec Pool}\n"
    "  timezone: Asia/Shanghai\n"
)
MEETINGS = """\
meetings:
  - id: assembly
    title: {zh-Hans: 成员大会, en: General Assembly}
    rrule: "FREQ=WEEKLY"
    starts: 2027-01-04T10:00
    duration: 2h
    channel: C0ASSEMBLY
competition_notice:
  zh-Hans: 反垄断提示：本专利池成员互为竞争者。
  en: "Competition-law notice: the members of this pool are competitors."
"""


def charter_text(*, pool: str = BILINGUAL_POOL, acme: str = ACME, extra: str = "") -> str:
    text = EXAMPLE.replace(POOL, pool, 1).replace(ACME, acme, 1)
    assert text != EXAMPLE or (pool == POOL and acme == ACME)
    if extra:
        head, _, _ = text.partition("\nmeetings:")
        text = head + "\n" + extra
    return text


def problems(text: str) -> list[str]:
    with pytest.raises(CharterFileError) as caught:
        load_charter(text)
    return [str(p) for p in caught.value.problems]


def test_a_plain_string_is_still_a_plain_string_and_the_pool_speaks_english() -> None:
    charter = load_charter(EXAMPLE)
    assert type(charter.pool.name) is str
    assert charter.pool.language == "en"
    with speaking(Language.ZH_HANS):
        assert local(charter.pool.name) == "Example Video Codec Pool"


def test_each_reader_gets_their_language_of_a_bilingual_text() -> None:
    text = charter_text(
        acme="    name: {zh-Hans: 艾克米视频技术公司, en: Acme Video Technologies Inc.}\n",
        extra=MEETINGS,
    )
    charter = load_charter(text)
    (meeting,) = charter.meetings
    acme = charter.member("acme")
    assert acme is not None
    with speaking(Language.ZH_HANS):
        assert local(charter.pool.name) == "示例视频编解码专利池"
        assert local(acme.name) == "艾克米视频技术公司"
        assert local(meeting.title) == "成员大会"
        assert local(charter.competition_notice) == "反垄断提示：本专利池成员互为竞争者。"
    with speaking(Language.EN):
        assert local(charter.pool.name) == "Example Video Codec Pool"
        assert local(acme.name) == "Acme Video Technologies Inc."
        assert local(meeting.title) == "General Assembly"
        assert local(charter.competition_notice).startswith("Competition-law notice")


def test_as_a_string_a_bilingual_text_is_in_the_pools_language() -> None:
    english = load_charter(charter_text())
    assert english.pool.name == "Example Video Codec Pool"
    chinese = load_charter(charter_text(pool=BILINGUAL_POOL + "  language: zh-Hans\n"))
    assert chinese.pool.language == "zh_Hans"
    assert chinese.pool.name == "示例视频编解码专利池"
    assert in_language(chinese.pool.name, "en") == "Example Video Codec Pool"


def test_a_text_in_one_language_only_falls_back_to_it() -> None:
    charter = load_charter(
        charter_text(pool="  name: {zh-Hans: 示例专利池}\n  timezone: Asia/Shanghai\n")
    )
    with speaking(Language.EN):
        assert local(charter.pool.name) == "示例专利池"
    assert charter.pool.name == "示例专利池"


def test_a_bilingual_text_survives_the_trip_to_and_from_a_child_process() -> None:
    charter = load_charter(charter_text(pool=BILINGUAL_POOL + "  language: zh-Hans\n"))
    again = pickle.loads(pickle.dumps(charter))  # noqa: S301 - our own bytes
    assert again == charter
    name, written = again.pool.name, charter.pool.name
    assert isinstance(name, Bilingual)
    assert isinstance(written, Bilingual)
    assert dict(name.versions) == dict(written.versions)
    assert str(again.pool.name) == "示例视频编解码专利池"


def test_the_register_keeps_the_charters_versions_of_a_name_it_did_not_change() -> None:
    charter = load_charter(
        charter_text(acme="    name: {zh-Hans: 艾克米公司, en: Acme Video Technologies Inc.}\n")
    )
    plain = tuple(
        type(m)(m.id, str(m.name), m.patents, m.contribution, m.representatives)
        for m in charter.members
    )
    renamed = (plain[0].__class__("acme", "Acme Video Inc.", 412), *plain[1:])
    kept = charter.with_members(plain)
    with speaking(Language.ZH_HANS):
        assert local(kept.members[0].name) == "艾克米公司"
        assert local(charter.with_members(renamed).members[0].name) == "Acme Video Inc."


@pytest.mark.parametrize(
    ("pool", "expected"),
    [
        (
            "  name: {fr: Pool, en: Pool}\n",
            "pool.name: 'fr' is not a language poolgov speaks; write en or zh-Hans",
        ),
        ("  name: {en: ''}\n", "pool.name: en: must be a text that is not empty, not ''"),
        ("  name: {en: 42}\n", "pool.name: en: must be a text that is not empty, not 42"),
        ("  name: {}\n", "pool.name: an empty mapping; write the text, or {en: …, zh-Hans: …}"),
        ("  name: [a, b]\n", "pool.name: must be a text or a mapping by language (en, zh-Hans)"),
        ("  name: X\n  language: zh-CN\n", "pool.language: 'zh-CN' is not a language poolgov"),
        ("  name: X\n  language: zh_Hans\n", "pool.language: 'zh_Hans' is not a language"),
    ],
)
def test_charter_check_names_a_malformed_mapping_at_its_key(pool: str, expected: str) -> None:
    found = problems(charter_text(pool=pool + "  timezone: Asia/Shanghai\n"))
    assert any(p.startswith(expected) for p in found), found


def test_a_member_name_and_a_meeting_title_are_checked_too() -> None:
    found = problems(
        charter_text(
            acme="    name: {de: Acme}\n",
            extra=MEETINGS.replace("{zh-Hans: 成员大会, en: General Assembly}", "{zh-Hans: ' '}"),
        )
    )
    assert "members[0].name: 'de' is not a language poolgov speaks; write en or zh-Hans" in found
    assert "meetings[0].title: zh-Hans: must be a text that is not empty, not ' '" in found


def test_the_cli_check_exits_2_with_the_key_at_fault(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text(charter_text(pool="  name: {en: Pool, jp: プール}\n  timezone: UTC\n"))
    result = CliRunner().invoke(app, ["charter", "check", str(path)])
    assert result.exit_code == 2
    assert "pool.name: 'jp' is not a language poolgov speaks" in result.output
    good = tmp_path / "good.yaml"
    good.write_text(charter_text(pool=BILINGUAL_POOL + "  language: zh-Hans\n", extra=MEETINGS))
    assert CliRunner().invoke(app, ["charter", "check", str(good)]).exit_code == 0
