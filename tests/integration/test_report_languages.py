"""``poolgov report`` in English and Chinese: the same records, the Markdown in the language
asked for, the CSV files byte for byte the same."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from governance.charter import MotionKind
from governance.tally import Choice
from storage.audit.keys import KEY_ENV
from tests.catalog_fragments import with_incoming_translations
from tests.integration.complaint_steps import with_sealer
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import WEEK, close, open_kind, vote


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


POOL = "Test Pool"


def report(database_url: str, *extra: str, lang: str = "") -> tuple[int, str, str]:
    arguments = ["report", "--from", "2027-03-01", "--to", "2027-03-31", *extra]
    env = {
        KEY_ENV: AUDIT_KEY.decode(),
        "LANGUAGE": "",
        "LC_ALL": "",
        "LC_MESSAGES": "",
        "LANG": lang,
    }
    result = CliRunner().invoke(app, [*arguments, "--database-url", database_url], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_the_report_in_english_and_in_chinese_with_the_same_csv(
    pool, database_url: str, tmp_path: Path
) -> None:
    keyed = with_sealer(pool)
    fee = open_kind(keyed, MotionKind.FEE_CHANGE, NOW).motion_id
    for member in ("acme", "beta", "gamma", "delta"):
        vote(keyed, fee, member, Choice.YES, NOW)
    close(keyed, fee, NOW + WEEK)

    status, english, _ = report(database_url, "--lang", "en")
    assert status == 0, english
    status, chinese, _ = report(database_url, "--lang", "zh-Hans")
    assert status == 0, chinese
    _, by_environment, _ = report(database_url, lang="zh_CN.UTF-8")
    assert by_environment == chinese

    english_lines, chinese_lines = english.splitlines(), chinese.splitlines()
    assert english_lines[:3] == [
        f"# Compliance report: {POOL}",
        "",
        "Period: 2027-03-01 to 2027-03-31 (inclusive, dates in Europe/Berlin).",
    ]
    assert chinese_lines[:3] == [
        f"# 合规报告：{POOL}",
        "",
        "期间：2027年3月1日至2027年3月31日（含首尾两日，日期按Europe/Berlin时区计）。",
    ]
    assert "## Motions and results" in english_lines
    assert "## 议案及表决结果" in chinese_lines
    assert "## 投诉处理期限执行情况（运营管理机构的处理步骤）" in chinese_lines
    assert (
        "| motion | kind | title | opened_at | closes_at | state | quorum_met | yes | no | "
        "abstain | eligible | charter_version | rules |"
    ) in english_lines
    assert (
        "| 议案 | 类型 | 标题 | 开启时间 | 截止时间 | 状态 | 是否达到法定人数 | 赞成 | 反对 | "
        "弃权 | 有表决权 | 章程版本 | 表决规则 |"
    ) in chinese_lines
    assert "| deadline | on time | late | missed | pending | not reached |" in english_lines
    assert "| 期限 | 按时 | 逾期 | 未完成 | 尚未到期 | 未进行至该步骤 |" in chinese_lines
    assert "| 确认受理 | 0 | 0 | 0 | 0 | 0 |" in chinese_lines
    assert "_Note: no meeting had its attendance recorded in this period._" in english_lines
    assert "_注：本期间内没有会议记录出席情况。_" in chinese_lines
    assert "_本期间内无。_" in chinese_lines  # no complaints by category
    # Enum values are data in either language: the motion's state stays "carried".
    chinese_row = next(line for line in chinese_lines if line.startswith(f"| {fee} |"))
    english_row = next(line for line in english_lines if line.startswith(f"| {fee} |"))
    assert "| carried |" in chinese_row
    assert "| carried |" in english_row
    # Instants: ISO 8601 in English (as in the CSV), in the pool's zone as Chinese writes them.
    opened = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"| {NOW.isoformat()} |" in english_row
    assert f"| {opened.year}年{opened.month}月{opened.day}日 {opened:%H:%M} |" in chinese_row

    assert report(database_url, "--lang", "en", "-o", str(tmp_path / "en"))[0] == 0
    assert report(database_url, "--lang", "zh-Hans", "-o", str(tmp_path / "zh"))[0] == 0
    csv_files = sorted(p.name for p in (tmp_path / "en").glob("*.csv"))
    assert len(csv_files) == 6
    for name in csv_files:
        assert (tmp_path / "zh" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()
    assert (tmp_path / "zh" / "report.md").read_text() == chinese
    assert (tmp_path / "en" / "report.md").read_text() == english


def test_a_bad_lang_for_the_report_exits_2_before_reading_anything(database_url: str) -> None:
    status, out, err = report(database_url, "--lang", "klingon")
    assert status == 2
    assert out == ""
    assert err == "error: --lang 'klingon': give en or zh-Hans\n"
    status, _, err = report(database_url, "--lang", "xx", lang="zh_CN.UTF-8")
    assert (status, err) == (2, "错误：--lang 'xx'：请指定 en 或 zh-Hans\n")
