"""A motion whose channel refuses its post: recorded, not shown, and no voting period until it is.

The operator is told the truth (never "Something went wrong"), nobody can vote, the sweep keeps
trying, and once poolgov is in the channel the motion is posted once and its period starts then.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

from sqlalchemy import text

from tests.e2e.conftest import Harness
from tests.e2e.flows import ephemerals_to, eventually, pool_says, submit_draft, vote
from tests.e2e.pool import ACME, GOVERNANCE, OPERATOR
from tests.e2e.test_complaints_flow import verify

SHOWN = "is open for voting"


def draft_general(h: Harness, title: str) -> None:
    answer = submit_draft(h, "general", {"title": title, "text": "Resolved."})
    assert answer.status == 200


def posts_of(h: Harness) -> list[str]:
    return [m.text for m in h.fake.messages(GOVERNANCE) if SHOWN in m.text]


def shown_entries(h: Harness) -> list[dict[str, str]]:
    with h.bot.storage.reader() as uow:
        bodies = uow.session.execute(text("SELECT body FROM audit_entries ORDER BY seq")).scalars()
        entries = [json.loads(body) for body in bodies]
    return [e["data"] for e in entries if e["kind"] == "motion_shown"]


def refused_posts(h: Harness) -> int:
    return sum(
        1
        for c in h.fake.calls("chat.postMessage")
        if c.params.get("channel") == GOVERNANCE and c.error == "not_in_channel"
    )


def test_a_refused_post_leaves_the_motion_unshown_and_voteless_until_it_is_posted_once(
    pool: Harness,
) -> None:
    h = pool
    h.fake.remove_bot(GOVERNANCE)
    draft_general(h, "Budget")

    told = eventually(lambda: [t for t in ephemerals_to(h, OPERATOR) if "Motion 1" in t])[0]
    assert "Motion 1 is recorded, but it is not yet shown to the members" in told
    assert "not_in_channel" in told
    assert f"Invite poolgov to <#{GOVERNANCE}> (or check POOLGOV_CHANNEL)" in told
    assert "its voting period starts when it is shown" in told
    assert "`/motion withdraw 1 reason`" in told
    assert not any("Something went wrong" in t for t in ephemerals_to(h, OPERATOR))
    assert posts_of(h) == []

    before = len(ephemerals_to(h, ACME))
    h.slack.click(ACME, "ballot_yes", "1", channel=GOVERNANCE)  # a click forged before the post
    refusal = eventually(lambda: ephemerals_to(h, ACME)[before:])[0]
    assert "Motion 1 is recorded but not yet shown to the members" in refusal
    with h.bot.storage.reader() as uow:
        assert uow.ballots.counted("1") == []
    listed = pool_says(h, OPERATOR, "motions")
    assert "*1* Budget" in listed
    assert "not yet shown" in listed

    eventually(lambda: refused_posts(h) >= 3, timeout=30)  # the sweep keeps trying
    assert posts_of(h) == []
    assert shown_entries(h) == []

    invited = datetime.now().astimezone()
    h.fake.invite_bot(GOVERNANCE)
    eventually(lambda: posts_of(h), timeout=30)
    (entry,) = eventually(lambda: shown_entries(h))
    shown_at = datetime.fromisoformat(entry["shown_at"])
    assert shown_at >= invited - timedelta(seconds=1)  # the period starts when it is shown
    assert datetime.fromisoformat(entry["closes_at"]) == shown_at + timedelta(days=7)
    assert (entry["motion_id"], entry["channel"]) == ("1", GOVERNANCE)

    message = next(m for m in h.fake.messages(GOVERNANCE) if SHOWN in m.text)
    vote(h, ACME, message, "yes")
    eventually(lambda: any("recorded: *yes*" in r for r in ephemerals_to(h, ACME)))
    time.sleep(1.5)  # a few more sweeps: it is never posted again
    assert len(posts_of(h)) == 1
    status, output = verify(h)  # the late start is on the chain: the motion row replays
    assert status == 0, output


def test_a_motion_that_was_never_shown_can_be_withdrawn_and_is_then_never_posted(
    pool: Harness,
) -> None:
    h = pool
    h.fake.delete_channel(GOVERNANCE)
    draft_general(h, "Logo")
    told = eventually(lambda: [t for t in ephemerals_to(h, OPERATOR) if "Motion 1" in t])[0]
    assert "channel_not_found" in told

    h.slack.slash_command(OPERATOR, "/motion", "withdraw 1 the channel was wrong")
    eventually(lambda: any("Motion 1 is withdrawn." in t for t in ephemerals_to(h, OPERATOR)))
    h.fake.invite_bot(GOVERNANCE)
    time.sleep(2)  # several sweeps after the channel came back
    assert h.fake.messages(GOVERNANCE) == []
    assert shown_entries(h) == []
    with h.bot.storage.reader() as uow:
        assert uow.motions.get("1").motion.state.value == "withdrawn"  # type: ignore[union-attr]
    status, output = verify(h)
    assert status == 0, output
