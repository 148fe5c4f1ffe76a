"""The refusals of proxies, follow-up actions and minutes reach each person in their own Slack
locale: the same refusal in Chinese for a zh-CN reader and in English for an en-US one, members
by name, holders mentioned, the plural English needs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack, FakeUser, payloads
from storage.audit.verify import Checked, verify_database
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness
from tests.e2e.flows import current, ephemerals_to, eventually, open_motion, text_of
from tests.e2e.meeting_flows import meetings_yaml
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE, NEWCO, OPERATOR, OUTSIDER
from tests.e2e.test_proxies import GENERAL, PROXIES, proxy, proxy_vote, running
from tests.e2e.test_register_and_conflicts import modal

#: who reads Chinese here; everyone else reads Slack's default, en-US
CHINESE = {ACME: "Alice Acme", GAMMA: "Gus Gamma", OPERATOR: "Olga Operator"}


def readers_of_two_languages(
    fake: FakeSlack, url: str, tmp_path: Path, extra: str
) -> Iterator[Harness]:
    for user, name in CHINESE.items():
        fake.add_user(FakeUser(user, real_name=name, locale="zh-CN"))
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yield from running(fake, url, tmp_path, extra, clock)


@pytest.fixture
def pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    extra = PROXIES + meetings_yaml("2027-01-04T10:00")
    yield from readers_of_two_languages(fake_slack, any_url, tmp_path, extra)


def answered(h: Harness, user: str, command: str, text: str) -> str:
    before = len(ephemerals_to(h, user))
    status, _, _ = h.slack.slash_command(user, command, text)
    assert status == 200
    return str(eventually(lambda: ephemerals_to(h, user)[before:])[0])


def test_proxy_refusals_read_in_each_readers_language(pool: Harness) -> None:
    h = pool
    message = open_motion(h, "general", GENERAL)
    motion = next(b for b in message.blocks if b["type"] == "actions")["elements"][0]["value"]
    proxy(h, BETA, f"give <@{GAMMA}> for {motion} yes", "proxy is given")

    said = proxy_vote(h, GAMMA, message, "no", "表决委托")
    assert said == (f"Beta Ltd的表决委托指示您对议案 {motion} 投「*赞成*」；「*反对*」票未予记录。")
    said = proxy_vote(h, OUTSIDER, message, "yes", "proxy")
    assert said == f"You hold no proxy in force for motion {motion}."

    # Gamma's representative holds one proxy, the most the charter allows: the same refusal
    said = proxy(h, ACME, f"give <@{GAMMA}> for {motion}", "上限")
    assert said.startswith(
        f"<@{GAMMA}>已接受 1 项表决委托，达到章程对每位代理人的上限（proxies.max_held）。"
    )
    said = proxy(h, DELTA, f"give <@{GAMMA}> for {motion}", "already holds")
    assert said.startswith(
        f"<@{GAMMA}> already holds 1 proxy, the most the charter allows one holder "
        "(proxies.max_held)."
    )


def test_action_and_minutes_refusals_read_in_each_readers_language(pool: Harness) -> None:
    h = pool
    assert answered(h, ACME, "/action", "done A9x<b> signed") == (
        "没有编号为 `A9x&lt;b&gt;` 的后续事项；`/pool actions` 列出全部后续事项。"
    )
    assert answered(h, BETA, "/action", "done A9x signed") == (
        "No follow-up action has the id `A9x`; `/pool actions` lists them."
    )
    assert answered(h, OPERATOR, "/meeting", "minutes accept 99 As discussed") == (
        "不存在第 99 号更正。"
    )


REPRESENTATIVES_ONLY = PROXIES.replace("holders: any", "holders: representatives")


@pytest.fixture
def seated_pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from readers_of_two_languages(fake_slack, any_url, tmp_path, REPRESENTATIVES_ONLY)


def test_a_proxy_lapses_with_its_holders_seat_and_the_register_change_says_so(
    seated_pool: Harness,
) -> None:
    h = seated_pool
    message = open_motion(h, "general", GENERAL)
    motion = next(b for b in message.blocks if b["type"] == "actions")["elements"][0]["value"]
    proxy(h, BETA, f"give <@{GAMMA}> for {motion}", "proxy is given")

    # the operator replaces Gamma's representative: the proxy Gus held for Beta lapses
    earlier = {v.id for v in h.fake.views_opened()}
    assert h.slack.slash_command(OPERATOR, "/pool", "member gamma").status == 200
    form = modal(h, OPERATOR, "register_member", earlier)
    answer = h.slack.submit_view(
        OPERATOR,
        "register_member",
        {
            "name": {"value": "Gamma GmbH"},
            "patents": {"value": "20"},
            "contribution": {"value": "0"},
            "representatives": {"value": payloads.multi_users_select([NEWCO])},
            "reason": {"value": "new representative"},
        },
        view_id=form.id,
    )
    assert answer.status == 200, answer.text
    (shown,) = eventually(
        lambda: [text_of(m) for m in h.fake.messages(GOVERNANCE) if "register" in m.text.lower()]
    )
    assert (
        f"The proxy of `beta` held by <@{GAMMA}> lapsed: the holder no longer holds the seat "
        "that let them hold it." in shown
    )

    # Gus (zh-CN) is refused at the click, with the reason; nothing is counted
    said = proxy_vote(h, GAMMA, message, "yes", "失效")
    assert said == (
        f"您受Beta Ltd委托的表决委托已因成员名册变更而失效：<@{GAMMA}>已不再担任可接受委托的"
        f"代表，因此议案 {motion} 未记录任何表决票。请向Beta Ltd的代表另行申请表决委托。"
    )
    assert "0 of 4 members voted" in text_of(current(h, message))
    # Beta's representative may give a new proxy at once: the lapsed one is not in force
    proxy(h, BETA, f"give <@{ACME}> for {motion}", "proxy is given")
    # and the chain still proves what the tables hold, the lapse with it
    with h.bot.runtime.reader() as uow:
        checked = verify_database(uow.session, b"e2e-audit-key", parse=h.bot.runtime.parse)  # type: ignore[attr-defined]
    assert isinstance(checked, Checked), checked
    assert checked.clean, [str(f) for f in checked.findings]
    assert checked.compared.get("proxies") == 2
