"""``poolgov run`` SIGKILLed while sending a notice, at each of the two points where a crash
could lose or double it: after the lease is committed and before the post, and after Slack has
the post and before it is marked sent: a motion post, a result announcement, a witness post in
the supervisors' channel and a reminder DM. After a restart each notice is in Slack exactly once.

The process kills itself at the named point through the test-only fault hook
(``POOLGOV_TEST_KILL_AT``, see ``bot/faults.py``), so the kill lands exactly there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.sandbox import FakeSlack, SlackDriver
from storage.engines import make_engine
from tests.e2e.complaint_flows import SUPERVISORS_CHANNEL
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.flows import eventually, motion_id_of
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, CHARTER, DELTA, GAMMA, GOVERNANCE, OPERATOR
from tests.e2e.processes import BotProcess

pytestmark = pytest.mark.slow

POINTS = ["leased", "sent"]
LEASE = {"POOLGOV_NOTICE_LEASE": "2"}  # a dead sender's lease runs out soon after the kill
SHOWN = "is open for voting"
REPRESENTATIVES = [ACME, ACME_DEPUTY, BETA, GAMMA, DELTA]


def start(fake: FakeSlack, url: str, workdir: Path, **env: str) -> BotProcess:
    return BotProcess(fake, url, workdir, **LEASE, **env).start()


def died(bot: BotProcess, timeout: float = 60.0) -> None:
    """The process killed itself at its fault point."""
    assert bot.process is not None
    assert bot.process.wait(timeout=timeout) == -9  # SIGKILL
    bot.kill()  # closes its stderr file


def draft(fake: FakeSlack, bot: BotProcess, period: str = "7d") -> None:
    slack = SlackDriver(bot.url, SIGNING_SECRET, fake)
    slack.slash_command(OPERATOR, "/motion", "general")
    eventually(lambda: fake.views_opened(), timeout=20)
    fields = {"title": "Overnight", "text": "Resolved.", "voting_period": period}
    answer = slack.submit_view(
        OPERATOR, "motion_draft", {k: {"value": v} for k, v in fields.items()}
    )
    assert answer.status == 200


def pending(url: str) -> list[str]:
    """Notices the outbox still owes (none once the restarted process caught up)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            query = text("SELECT key FROM notice_outbox WHERE state = 'pending' ORDER BY key")
            return list(connection.execute(query).scalars())
    finally:
        engine.dispose()


def exactly_once(check: Callable[[], int], settle: float = 3.0) -> None:
    """``check()`` reaches 1 and stays 1 through several sweeps."""
    eventually(lambda: check() >= 1, timeout=40)
    time.sleep(settle)
    assert check() == 1


def motion_posts(fake: FakeSlack) -> list[Any]:
    return [m for m in fake.messages(GOVERNANCE) if SHOWN in m.text]


def announcements(fake: FakeSlack) -> list[Any]:
    return [m for m in fake.messages(GOVERNANCE) if "(General resolution)" in m.text]


def keyed(message: Any) -> str | None:
    metadata = message.metadata or {}
    return (metadata.get("event_payload") or {}).get("key")


@pytest.mark.parametrize("point", POINTS)
def test_a_motion_post_killed_mid_send_is_in_the_channel_once_after_restart(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path, point: str
) -> None:
    bot = start(fake_slack, sqlite_url, tmp_path, POOLGOV_TEST_KILL_AT=f"{point}:motion:1/post")
    draft(fake_slack, bot)
    died(bot)
    assert len(motion_posts(fake_slack)) == (1 if point == "sent" else 0)

    restarted = start(fake_slack, sqlite_url, tmp_path)
    try:
        exactly_once(lambda: len(motion_posts(fake_slack)))
        eventually(lambda: pending(sqlite_url) == [], timeout=40)  # marked sent: shown
        (post,) = motion_posts(fake_slack)
        assert keyed(post) == "motion:1/post"
        slack = SlackDriver(restarted.url, SIGNING_SECRET, fake_slack)
        slack.click(ACME, "ballot_yes", motion_id_of(post), message_ts=post.ts, channel=GOVERNANCE)
        eventually(lambda: any("recorded: *yes*" in e.text for e in fake_slack.ephemerals(ACME)))
    finally:
        restarted.stop()
    looked = [c.params.get("channel") for c in fake_slack.calls("conversations.history")]
    assert GOVERNANCE in looked  # a reclaimed notice is looked for before it is posted again


@pytest.mark.parametrize("point", POINTS)
def test_a_result_announcement_killed_mid_send_is_posted_once_after_restart(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path, point: str
) -> None:
    bot = start(fake_slack, sqlite_url, tmp_path, POOLGOV_TEST_KILL_AT=f"{point}:motion:1/result")
    draft(fake_slack, bot)
    post = eventually(lambda: motion_posts(fake_slack), timeout=20)[0]
    slack = SlackDriver(bot.url, SIGNING_SECRET, fake_slack)
    for user in (ACME, BETA, GAMMA, DELTA):  # everyone votes: it closes early and announces
        slack.click(user, "ballot_yes", motion_id_of(post), message_ts=post.ts, channel=GOVERNANCE)
    died(bot)
    assert len(announcements(fake_slack)) == (1 if point == "sent" else 0)

    restarted = start(fake_slack, sqlite_url, tmp_path)
    try:
        eventually(lambda: pending(sqlite_url) == [], timeout=40)
        exactly_once(lambda: len(announcements(fake_slack)))
        (declared,) = announcements(fake_slack)
        assert "carried" in declared.text
        assert keyed(declared) == "motion:1/result"
    finally:
        restarted.stop()
    looked = [c.params.get("channel") for c in fake_slack.calls("conversations.history")]
    assert GOVERNANCE in looked  # a reclaimed notice is looked for before it is posted again


def witness_posts(fake: FakeSlack) -> list[Any]:
    return [m for m in fake.messages(SUPERVISORS_CHANNEL) if m.text.startswith(":lock:")]


@pytest.mark.parametrize("point", POINTS)
def test_a_witness_post_killed_mid_send_reaches_the_supervisors_once_after_restart(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path, point: str
) -> None:
    bot = start(fake_slack, sqlite_url, tmp_path, POOLGOV_TEST_KILL_AT=f"{point}:witness:")
    draft(fake_slack, bot)
    post = eventually(lambda: motion_posts(fake_slack), timeout=20)[0]
    slack = SlackDriver(bot.url, SIGNING_SECRET, fake_slack)
    for user in (ACME, BETA, GAMMA, DELTA):  # it closes early: its signed head is witnessed
        slack.click(user, "ballot_yes", motion_id_of(post), message_ts=post.ts, channel=GOVERNANCE)
    died(bot)
    assert len(witness_posts(fake_slack)) == (1 if point == "sent" else 0)

    restarted = start(fake_slack, sqlite_url, tmp_path)
    try:
        eventually(lambda: pending(sqlite_url) == [], timeout=40)
        exactly_once(lambda: len(witness_posts(fake_slack)))
        (witnessed,) = witness_posts(fake_slack)
        assert "Motion 1 carried: Overnight." in witnessed.text
        key = keyed(witnessed)
        assert key is not None
        assert key.startswith("witness:")
        assert f", entry {key.removeprefix('witness:')}, key " in witnessed.text  # its own head
    finally:
        restarted.stop()
    looked = [c.params.get("channel") for c in fake_slack.calls("conversations.history")]
    assert (
        SUPERVISORS_CHANNEL in looked
    )  # a reclaimed notice is looked for before it is posted again


@pytest.mark.parametrize("point", POINTS)
def test_a_reminder_dm_killed_mid_send_reaches_each_representative_once_after_restart(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path, point: str
) -> None:
    # a 1-minute motion: its 2-hour vote reminder is due as soon as it is shown
    prefix = "motion/1/vote-reminder/"
    bot = start(fake_slack, sqlite_url, tmp_path, POOLGOV_TEST_KILL_AT=f"{point}:{prefix}")
    draft(fake_slack, bot, period="1m")
    died(bot)
    reminded = {u: reminders_to(fake_slack, u) for u in REPRESENTATIVES}
    assert sum(reminded.values()) == (1 if point == "sent" else 0)

    restarted = start(fake_slack, sqlite_url, tmp_path)
    try:
        eventually(lambda: pending(sqlite_url) == [], timeout=40)
        time.sleep(3)  # several sweeps more: nobody is reminded twice
        assert {u: reminders_to(fake_slack, u) for u in REPRESENTATIVES} == dict.fromkeys(
            REPRESENTATIVES, 1
        )
    finally:
        restarted.stop()
    # the reclaimed DM was looked for in its IM channel before anything was sent again
    assert fake_slack.calls("conversations.open")
    looked = {c.params.get("channel") for c in fake_slack.calls("conversations.history")}
    assert len(looked & {fake_slack.dm_channel(u) for u in REPRESENTATIVES}) == 1


def reminders_to(fake: FakeSlack, user: str) -> int:
    return sum(1 for m in fake.dms_to(user) if "Reminder: motion 1" in m.text)


def test_the_e2e_charter_keeps_the_default_vote_reminders() -> None:
    assert "reminders" not in CHARTER  # so a short motion's reminder is due at once (see above)
