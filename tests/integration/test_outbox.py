"""The notice outbox on SQLite and PostgreSQL: one sender per lease, reclaimed leases, and a
motion whose voting period starts when its post is marked sent."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.bootstrap import Storage
from governance.commands import CastBallot, CloseMotion, OpenMotion
from governance.errors import MotionNotShown
from governance.kinds import General
from governance.notices import NoticeState, motion_post_key, motion_result_key
from governance.services import cast_ballot, close_motion, notices, open_motion
from governance.services.queries import motions_due
from governance.tally import Choice
from tests.integration.charters import OPERATOR, representative
from tests.integration.conftest import NOW

LEASE = timedelta(minutes=2)
ROUNDS = 12


def queue(pool: Storage, key: str, channel: str = "C0GOVERN") -> None:
    assert notices.enqueue(pool.uow(), key, channel, NOW, {"text": key})


def race(runtime: Storage, key: str) -> list[str]:
    """Two senders lease ``key`` at the same instant; the tokens that got it."""
    start = threading.Barrier(2)
    won: list[str] = []

    def sender(token: str) -> None:
        start.wait()
        if notices.lease(runtime.uow(), key, NOW, NOW + LEASE, token) is not None:
            won.append(token)

    threads = [threading.Thread(target=sender, args=(t,)) for t in ("a" * 16, "b" * 16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return won


def test_two_senders_racing_for_one_notice_lease_it_once(runtime: Storage) -> None:
    for n in range(ROUNDS):
        queue(runtime, f"race/{n}")
    for n in range(ROUNDS):
        won = race(runtime, f"race/{n}")
        assert len(won) == 1, f"round {n}: {won}"
        leased = notices.get(runtime.reader(), f"race/{n}")
        assert leased is not None
        assert (leased.lease_token, leased.attempts) == (won[0], 1)


def test_a_lease_that_ran_out_is_reclaimed_and_flagged_as_perhaps_sent(runtime: Storage) -> None:
    queue(runtime, "k")
    first = notices.lease(runtime.uow(), "k", NOW, NOW + LEASE, "first")
    assert first is not None
    assert not first.reclaimed
    assert first.first_leased_at == NOW
    assert notices.lease(runtime.uow(), "k", NOW + LEASE / 2, NOW + LEASE, "early") is None
    later = NOW + LEASE
    second = notices.lease(runtime.uow(), "k", later, later + LEASE, "second")
    assert second is not None
    assert second.reclaimed  # the first sender may have posted it: look before posting again
    assert (second.first_leased_at, second.attempts) == (NOW, 2)  # the search starts there


def test_a_refused_send_is_released_clean_and_an_unanswered_one_stays_in_doubt(
    runtime: Storage,
) -> None:
    queue(runtime, "refused")
    queue(runtime, "unanswered")
    for key in ("refused", "unanswered"):
        assert notices.lease(runtime.uow(), key, NOW, NOW + LEASE, "t" * 16) is not None
    notices.release(runtime.uow(), "refused", "t" * 16, "not_in_channel", certain=True)
    notices.release(runtime.uow(), "unanswered", "t" * 16, "TimeoutError", certain=False)
    refused = notices.lease(runtime.uow(), "refused", NOW, NOW + LEASE, "u" * 16)
    unanswered = notices.lease(runtime.uow(), "unanswered", NOW, NOW + LEASE, "u" * 16)
    assert refused is not None
    assert unanswered is not None
    assert (refused.reclaimed, refused.last_error) == (False, "not_in_channel")
    assert (unanswered.reclaimed, unanswered.last_error) == (True, "TimeoutError")


def test_a_notice_is_enqueued_once_and_once_sent_or_dropped_is_never_leased(
    runtime: Storage,
) -> None:
    queue(runtime, "sent")
    assert not notices.enqueue(runtime.uow(), "sent", "C0OTHER", NOW, {"text": "again"})
    queue(runtime, "dropped")
    assert notices.mark_sent(runtime.uow(), "sent", "C0GOVERN", "1.000001", NOW)
    assert not notices.mark_sent(runtime.uow(), "sent", "C0GOVERN", "1.000002", NOW)
    assert notices.drop(runtime.uow(), "dropped", "no longer wanted")
    assert not notices.drop(runtime.uow(), "sent", "too late")  # sent stays sent
    for key in ("sent", "dropped"):
        assert notices.lease(runtime.uow(), key, NOW, NOW + LEASE, "t" * 16) is None
    sent = notices.get(runtime.reader(), "sent")
    assert sent is not None
    assert (sent.state, sent.sent_channel, sent.sent_ts) == (
        NoticeState.SENT,
        "C0GOVERN",
        "1.000001",
    )
    assert notices.due(runtime.reader(), NOW + LEASE, NOW + LEASE) == []


def test_the_sweep_leaves_young_and_leased_notices_alone(runtime: Storage) -> None:
    queue(runtime, "old")
    queue(runtime, "leased")
    assert notices.lease(runtime.uow(), "leased", NOW, NOW + LEASE, "t" * 16) is not None
    assert notices.due(runtime.reader(), NOW, NOW) == []  # nothing enqueued before NOW
    later = NOW + timedelta(seconds=10)
    assert notices.due(runtime.reader(), later, later) == ["old"]
    assert notices.due(runtime.reader(), NOW + LEASE, later) == ["leased", "old"]


def open_in_channel(pool: Storage) -> str:
    command = OpenMotion(OPERATOR, "Budget", "Resolved.", General(), timedelta(days=3), "C0GOVERN")
    (opened,) = open_motion(command, pool.uow(), NOW, pool.parse_charter)
    return opened.motion_id


def test_a_motion_opened_for_a_channel_waits_for_its_post_to_run_its_period(pool: Storage) -> None:
    motion_id = open_in_channel(pool)
    post = notices.get(pool.reader(), motion_post_key(motion_id))
    assert post is not None
    assert (post.state, post.channel, post.post_key) == (
        NoticeState.PENDING,
        "C0GOVERN",
        f"motion:{motion_id}",
    )
    ballot = CastBallot(motion_id, "acme", representative("acme"), Choice.YES, "k1")
    with pytest.raises(MotionNotShown):
        cast_ballot(ballot, pool.uow(), NOW + timedelta(hours=1))
    assert motions_due(pool.reader(), NOW + timedelta(days=30)) == []  # no deadline to pass
    with pytest.raises(MotionNotShown):
        close_motion(
            CloseMotion(motion_id), pool.uow(), NOW + timedelta(days=30), pool.parse_charter
        )

    shown_at = NOW + timedelta(days=5)  # the channel let poolgov in five days later
    shown = notices.motion_posted(pool.uow(), motion_id, "C0GOVERN", "9.000001", shown_at, shown_at)
    assert shown is not None
    assert (shown.shown_at, shown.closes_at) == (shown_at, shown_at + timedelta(days=3))
    assert (
        notices.motion_posted(pool.uow(), motion_id, "C0GOVERN", "9.000001", shown_at, shown_at)
        is None
    )
    with pool.reader() as uow:
        stored = uow.motions.get(motion_id)
        assert stored is not None
        assert (stored.motion.shown_at, stored.motion.closes_at) == (
            shown.shown_at,
            shown.closes_at,
        )
        body = uow.session.execute(
            text("SELECT body FROM audit_entries ORDER BY seq DESC LIMIT 1")
        ).scalar_one()
        where = uow.session.execute(
            text("SELECT channel, ts FROM slack_posts WHERE key = :k"), {"k": f"motion:{motion_id}"}
        ).one()
    entry = json.loads(body)
    assert entry["kind"] == "motion_shown"
    assert entry["data"] == {
        "motion_id": motion_id,
        "shown_at": shown_at.isoformat(),
        "closes_at": (shown_at + timedelta(days=3)).isoformat(),
        "channel": "C0GOVERN",
    }
    assert tuple(where) == ("C0GOVERN", "9.000001")  # recorded with the mark, for later edits
    cast_ballot(ballot, pool.uow(), shown_at + timedelta(hours=1))
    assert motions_due(pool.reader(), shown_at + timedelta(days=3)) == [motion_id]


def test_a_result_is_enqueued_with_the_close_where_the_post_went(pool: Storage) -> None:
    motion_id = open_in_channel(pool)
    notices.motion_posted(pool.uow(), motion_id, "C0GOVERN", "9.000001", NOW, NOW)
    deadline = NOW + timedelta(days=3)
    assert close_motion(CloseMotion(motion_id), pool.uow(), deadline, pool.parse_charter)
    result = notices.get(pool.reader(), motion_result_key(motion_id))
    assert result is not None
    assert (result.state, result.channel, result.after) == (
        NoticeState.PENDING,
        "C0GOVERN",
        motion_post_key(motion_id),
    )
