"""Proxies through signed HTTP: given with an instruction, enforced, superseded by the member's own
vote, revoked, a chain refused, the roll call marks, and a proxy's check-in towards a quorum."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, Message, SlackDriver
from storage.audit.verify import Checked, verify_database
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import SIGNING_SECRET, Harness, clock_of, settings_for
from tests.e2e.flows import (
    closed,
    ephemerals_to,
    eventually,
    open_motion,
    pool_says,
    text_of,
    vote,
)
from tests.e2e.meeting_flows import ASSEMBLY, meetings_yaml, wait_for_post
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, CHARTER, DELTA, GAMMA, GOVERNANCE, OUTSIDER

PROXIES = """\
proxies:
  allowed: true
  max_held: 1
  holders: any
  meetings: true
  instructions: true
"""
GENERAL = {"title": "Adopt the 2028 licensing programme", "text": "As circulated."}


def running(
    fake: FakeSlack, url: str, tmp_path: Path, extra: str, clock: HandClock
) -> Iterator[Harness]:
    settings = settings_for(fake, url, tmp_path)
    assert settings.charter_path is not None
    settings.charter_path.write_text(CHARTER + extra, encoding="utf-8")
    with PoolBot(settings, clock=clock) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


@pytest.fixture
def pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yield from running(fake_slack, any_url, tmp_path, PROXIES, clock)


@pytest.fixture
def meeting(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    yield from running(
        fake_slack, any_url, tmp_path, PROXIES + meetings_yaml("2027-01-04T10:00"), clock
    )


def proxy(h: Harness, user: str, text: str, needle: str) -> str:
    before = len(h.fake.ephemerals(user))
    status, _, _ = h.slack.slash_command(user, "/proxy", text)
    assert status == 200
    said = eventually(
        lambda: [
            e.text + json.dumps(e.blocks)
            for e in h.fake.ephemerals(user)[before:]
            if needle in e.text + json.dumps(e.blocks)
        ]
    )
    return str(said[0])


def proxy_vote(h: Harness, user: str, message: Message, choice: str, needle: str) -> str:
    before = len(h.fake.ephemerals(user))
    motion_id = next(b for b in message.blocks if b["type"] == "actions")["elements"][0]["value"]
    status, _, _ = h.slack.click(
        user, f"proxy_{choice}", motion_id, message_ts=message.ts, channel=GOVERNANCE
    )
    assert status == 200
    said = eventually(
        lambda: [e.text for e in h.fake.ephemerals(user)[before:] if needle in e.text]
    )
    return str(said[0])


def dms(h: Harness, user: str) -> str:
    return " ".join(m.text for m in h.fake.dms_to(user))


def test_pool_help_lists_the_proxy_command_where_the_charter_allows_proxies(
    pool: Harness,
) -> None:
    said = pool_says(pool, ACME, "help")
    assert "*`/proxy give @user for MOTION`* or *`until YYYY-MM-DD`*" in said
    assert "does not allow proxies" not in said


def test_a_proxy_votes_as_instructed_is_superseded_revoked_and_cannot_be_chained(
    pool: Harness,
) -> None:
    h = pool
    message = open_motion(h, "general", GENERAL)
    motion = next(b for b in message.blocks if b["type"] == "actions")["elements"][0]["value"]
    rows = [b for b in message.blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in rows[0]["elements"]] == [
        "ballot_yes",
        "ballot_no",
        "ballot_abstain",
    ]
    assert [e["action_id"] for e in rows[1]["elements"]] == [
        "proxy_yes",
        "proxy_no",
        "proxy_abstain",
    ]

    # Beta gives Gamma's representative its proxy for the motion, instructed yes
    said = proxy(h, BETA, f"give <@{GAMMA}|gus> for {motion} yes", "proxy is given")
    assert f"<@{GAMMA}>" in said
    assert "instructed *yes*" in said
    eventually(lambda: "gave you Beta Ltd" in dms(h, GAMMA))

    # against the instruction: refused, with the reason
    said = proxy_vote(h, GAMMA, message, "no", "instructs")
    assert (
        f"Your proxy for Beta Ltd instructs *yes* on motion {motion}; a *no* vote was not recorded."
        in said
    )
    # as instructed: the receipt says by proxy, and Beta's representative gets it by DM
    said = proxy_vote(h, GAMMA, message, "yes", "Cast by proxy")
    assert f"Cast by proxy by <@{GAMMA}> for Beta Ltd: *yes* on motion {motion}." in said
    eventually(lambda: f"Cast by proxy by <@{GAMMA}> for Beta Ltd" in dms(h, BETA))
    # Gamma's own vote is still its own member's
    vote(h, GAMMA, message, "no")
    eventually(lambda: [e for e in ephemerals_to(h, GAMMA) if "*no* for Gamma GmbH" in e])

    # the proxy has voted: no longer revocable
    said = proxy(h, BETA, "revoke", "can no longer be revoked")
    # Beta's own representative votes: it supersedes the proxy's ballot
    vote(h, BETA, message, "no")
    eventually(
        lambda: [
            e for e in ephemerals_to(h, BETA) if "Your vote is changed: *no* for Beta Ltd" in e
        ]
    )
    said = proxy_vote(h, GAMMA, message, "yes", "own representative has voted")
    assert "nothing was recorded" in said

    # a chain: Delta gives Outsider its proxy (holders: any); Outsider cannot pass it on
    proxy(h, DELTA, f"give <@{OUTSIDER}> until 2027-01-31", "proxy is given")
    said = proxy(h, OUTSIDER, f"give <@{ACME}> for {motion}", "cannot pass a proxy on")
    assert "You hold a proxy for Delta SA" in said
    listing = proxy(h, OUTSIDER, "", "Proxies")
    assert "Held: you vote for Delta SA" in listing

    # revoked before it is used: the holder can no longer vote
    proxy(h, DELTA, "revoke", "is revoked")
    said = proxy_vote(h, OUTSIDER, message, "yes", "no proxy in force")
    assert f"You hold no proxy in force for motion {motion}." in said

    # Acme's proxy with Delta counts, and the roll call says so
    proxy(h, ACME, f"give <@{DELTA}> for {motion}", "proxy is given")
    # the same click delivered twice counts once, and each of Acme's representatives is told once
    click = h.slack.prepare_click(
        DELTA, "proxy_yes", motion, message_ts=message.ts, channel=GOVERNANCE
    )
    for _ in range(2):
        assert h.slack.post(click.body, click.content_type).status == 200
    eventually(lambda: len([e for e in ephemerals_to(h, DELTA) if "Cast by proxy" in e]) == 2)
    told = f"Cast by proxy by <@{DELTA}> for Acme Corp"
    eventually(lambda: all(told in dms(h, rep) for rep in (ACME, ACME_DEPUTY)))
    vote(h, DELTA, message, "yes")
    result = closed(h, message)
    assert "Acme Corp (by proxy): *yes*" in text_of(result)
    assert "Delta SA: *yes*" in text_of(result)

    # one counted ballot per member; the proxy's ballot is kept, superseded, and the record holds
    with h.bot.runtime.reader() as uow:
        counted = {b.member_id: (b.choice.value, b.cast_by) for b in uow.ballots.counted(motion)}
        marks = uow.proxies.on_motion(motion)
    assert counted == {
        "acme": ("yes", DELTA),
        "beta": ("no", BETA),
        "gamma": ("no", GAMMA),
        "delta": ("yes", DELTA),
    }
    assert [(m.member_id, m.holder) for m in marks.values()] == [("beta", GAMMA), ("acme", DELTA)]
    for rep in (ACME, ACME_DEPUTY):
        assert dms(h, rep).count("Cast by proxy") == 1
    with h.bot.runtime.reader() as uow:
        checked = verify_database(uow.session, b"e2e-audit-key", parse=h.bot.runtime.parse)  # type: ignore[attr-defined]
    assert isinstance(checked, Checked), checked
    assert checked.clean, [str(f) for f in checked.findings]
    assert checked.compared.get("proxies") == 3
    assert checked.compared.get("proxy_ballots") == 2


def test_a_proxy_check_in_counts_towards_the_quorum(meeting: Harness) -> None:
    h = meeting
    clock = clock_of(h)
    proxy(h, BETA, f"give <@{OUTSIDER}> until 2027-01-31", "proxy is given")
    starts = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    clock.set(starts)
    check_in = wait_for_post(h.fake, ASSEMBLY, "has started")
    for user in (ACME, OUTSIDER):
        h.slack.click(
            user,
            "meeting_check_in",
            "assembly@2027-01-04T10:00",
            message_ts=check_in.ts,
            channel=ASSEMBLY,
        )
    eventually(lambda: [e for e in ephemerals_to(h, OUTSIDER) if "checked in by proxy" in e])
    eventually(lambda: "Acme Corp, Beta Ltd" in text_of(h.fake.message(ASSEMBLY, check_in.ts)))  # type: ignore[arg-type]
    clock.set(starts + timedelta(minutes=15))
    result = wait_for_post(h.fake, ASSEMBLY, "Quorum met")
    assert "present 70.0% of the register's weight" in result.text
