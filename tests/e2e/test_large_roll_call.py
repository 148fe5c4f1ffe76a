"""A result too large for one message: the roll call follows in the result's thread, in parts
that Slack accepts, each member named once, and a render again posts no part twice."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.motion_posts import close_if_due, post_motion
from bot.sandbox import FakeSlack
from bot.slack.publisher import motion_key
from governance.commands import OpenMotion
from governance.kinds import General
from governance.services import open_motion
from tests.e2e.fanout_pool import OPENED, OPERATOR, fanout_bot, vote_for
from tests.e2e.flows import eventually
from tests.e2e.pool import GOVERNANCE, USERS
from tests.e2e.pseudo import PseudoCheck

MEMBERS = 600  # a roll call of about 13,000 characters: more than one message holds
NAME = re.compile(r"Member (\d+)\b")


def test_a_large_roll_call_is_posted_once_in_the_results_thread(
    sqlite_url: str, tmp_path: Path, pseudo_check: PseudoCheck
) -> None:
    pseudo_check.typed("Adopt the budget", "Resolved.")
    with (
        FakeSlack(users=USERS) as fake,
        fanout_bot(fake, sqlite_url, tmp_path, MEMBERS) as (bot, clock),
    ):
        rt = bot.runtime
        command = OpenMotion(OPERATOR, "Adopt the budget", "Resolved.", General(), None, GOVERNANCE)
        (opened,) = open_motion(command, bot.storage.uow(), OPENED, bot.storage.parse_charter)
        motion_id = opened.motion_id
        post_motion(rt, motion_id)  # or the leader's sweep does
        eventually(lambda: rt.posts.get(motion_key(motion_id)))
        for n in range(MEMBERS):
            vote_for(bot, motion_id, n)
        clock.set(clock() + timedelta(days=8))
        assert close_if_due(rt, motion_id)
        assert bot.refresher.flush(timeout=60)

        (result,) = [m for m in fake.messages(GOVERNANCE) if m.thread_ts is None and m.versions]
        shown = str(result.blocks)
        assert f"{MEMBERS} members voted" in shown
        assert "in this message's thread" in shown
        assert not NAME.search(shown)
        replies = [m for m in fake.messages(GOVERNANCE) if m.thread_ts == result.ts]
        assert len(replies) >= 2
        assert [f"part {i} of {len(replies)}" in r.text for i, r in enumerate(replies, 1)] == [
            True
        ] * len(replies)
        names = Counter(n for r in replies for n in NAME.findall(str(r.blocks)))
        assert names == Counter(str(n) for n in range(MEMBERS))
        assert not fake.warnings()  # every part within Slack's limits

        rt.refresh(motion_key(motion_id), True)  # rendered again: no part is posted again
        assert bot.refresher.flush(timeout=60)
        again = [m for m in fake.messages(GOVERNANCE) if m.thread_ts == result.ts]
        assert len(again) == len(replies)
