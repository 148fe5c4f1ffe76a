"""A pool that speaks Chinese (``pool.language: zh-Hans``) with representatives whose Slack is in
``zh-CN`` and in ``en-US``: the channel's posts are in Chinese, each person's own replies in their
language, and the report in both. The key texts are compared exactly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from bot.sandbox import FakeSlack, Message
from storage.audit.keys import KEY_ENV
from tests.e2e import complaint_flows
from tests.e2e.bilingual_pool import CHINESE_POOL, running_in_chinese
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import closed, eventually, submit_draft, vote
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE, SUPERVISOR
from tests.e2e.pseudo import strip_marks

STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
KEY = "assembly@2027-01-04T10:00"
MEETINGS = meetings_yaml("2027-01-04T10:00").replace(
    "    title: General Assembly\n", "    title: {zh-Hans: 成员大会, en: General Assembly}\n"
)
RECEIPT = re.compile(r"`([0-9a-f]{4}(?:-[0-9a-f]{4}){4})`")


@pytest.fixture
def chinese(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from running_in_chinese(
        fake_slack,
        sqlite_url,
        tmp_path,
        charter=CHINESE_POOL + MEETINGS,
        clock=HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
        POOLGOV_COMPLAINT_KEY=complaint_flows.new_key(),
    )


def motion_post(h: Harness) -> Message:
    def posted() -> list[Message]:
        return [
            m for m in h.fake.messages(GOVERNANCE) if any(b["type"] == "actions" for b in m.blocks)
        ]

    found: list[Message] = eventually(posted)
    return found[0]


def receipt_of(h: Harness, user: str) -> str:
    (reply,) = eventually(lambda: h.fake.ephemerals(user))
    return RECEIPT.sub("`CODE`", reply.text)


def test_a_motion_in_chinese_and_each_receipt_in_its_readers_language(chinese: Harness) -> None:
    h = chinese
    answer = submit_draft(h, "general", {"title": "通过2027年预算", "text": "兹决议。"})
    assert answer.status == 200, answer.text
    post = motion_post(h)
    assert post.text == "议案 1 开始表决：通过2027年预算"
    for user, choice in [(ACME, "yes"), (BETA, "no"), (GAMMA, "yes"), (DELTA, "abstain")]:
        status, _, _ = vote(h, user, post, choice)
        assert status == 200
    assert receipt_of(h, ACME) == (
        "您的表决票已记录：艾克米公司对议案 1 投 *赞成*。"
        "回执码 `CODE`（可在专利池的审计链中查到）。"
    )
    assert receipt_of(h, BETA) == (
        "Your vote is recorded: *no* for Beta Ltd on motion 1. "
        "Receipt `CODE` (find it in the pool's audit chain)."
    )
    assert closed(h, post).text == "议案 1 已通过：通过2027年预算"


def test_a_meeting_reminder_its_rsvps_and_a_complaint_notice_in_chinese(
    chinese: Harness,
) -> None:
    h = chinese
    clock_of(h).set(STARTS - timedelta(days=1) + timedelta(seconds=1))
    (reminder,) = eventually(lambda: h.fake.messages(ASSEMBLY))
    assert reminder.text == "提醒：成员大会将于1天后开始"
    for user, action in [(ACME, "meeting_attending"), (BETA, "meeting_not_attending")]:
        status, _, _ = h.slack.click(user, action, KEY, message_ts=reminder.ts, channel=ASSEMBLY)
        assert status == 200
    eventually(lambda: len(h.fake.calls("response_url")) >= 2)
    replies = sorted(str(c.params.get("text")) for c in h.fake.calls("response_url"))
    assert replies == [
        f"Recorded: Beta Ltd is *not attending* `{KEY}`.",
        f"已记录：艾克米公司 *出席* 会议 `{KEY}`。",
    ]

    status, _, _ = h.slack.slash_command(SUPERVISOR, "/complaint")
    assert status == 200
    eventually(lambda: complaint_flows.latest_view(h, SUPERVISOR, "complaint_file"))
    category = {"type": "static_select", "selected_option": {"value": "fee_calculation"}}
    values: dict[str, dict[str, object]] = {
        "category": {"value": category},
        "title": {"value": "许可费重复计算"},
        "concern": {"value": "三月发票将每件产品计算了两次。"},
        "evidence": {"value": ""},
    }
    assert h.slack.submit_view(SUPERVISOR, "complaint_file", values).status == 200
    (filed,) = eventually(lambda: complaint_flows.complaints(h))
    supervisors = complaint_flows.SUPERVISORS_CHANNEL
    (notice,) = eventually(
        lambda: [m for m in h.fake.messages(supervisors) if f"*{filed.id}*" in m.text]
    )
    assert notice.text.startswith(f":memo: 新收到投诉 *{filed.id}* · 许可费计算 · *已提交* · ")
    assert "确认受理截止时间：<!date^" in notice.text
    assert "|2027年1月6日 02:00 UTC>" in notice.text


def report(h: Harness, *extra: str, lang: str = "") -> str:
    arguments = ["report", "--from", "2027-01-01", "--to", "2027-01-31", *extra]
    env = {KEY_ENV: "e2e-audit-key", "LC_ALL": "", "LC_MESSAGES": "", "LANG": lang}
    url = h.settings.database_url
    result = CliRunner().invoke(app, [*arguments, "--database-url", url], env=env)
    assert result.exit_code == 0, result.output
    return strip_marks(result.stdout)  # the CLI speaks the pseudo-locale too


def test_the_report_in_both_languages(chinese: Harness) -> None:
    h = chinese
    submit_draft(h, "general", {"title": "通过2027年预算", "text": "兹决议。"})
    post = motion_post(h)
    for user in (ACME, BETA, GAMMA, DELTA):
        vote(h, user, post, "yes")
    closed(h, post)
    english = report(h, "--lang", "en")
    chinese_report = report(h, "--lang", "zh-Hans")
    assert report(h, lang="zh_CN.UTF-8") == chinese_report
    assert english.splitlines()[0] == "# Compliance report: E2E Codec Pool"
    assert chinese_report.splitlines()[0] == "# 合规报告：端到端编解码专利池"
