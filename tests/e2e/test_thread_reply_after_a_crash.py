"""A reply in a thread (a roll-call part) whose sender died after Slack had it and before it was
marked sent: the next sender finds it in the thread (``conversations.replies``; the channel's
history does not list replies) and marks it sent, so the part is in the thread exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import bot.outbox
from bot import outbox
from bot.outbox import Outcome
from bot.sandbox import FakeSlack, ManualClock, RateLimits
from tests.e2e.clocks import OPENED, HandClock
from tests.e2e.conftest import Harness, clock_of, running
from tests.e2e.pool import GOVERNANCE, USERS
from tests.e2e.pseudo import PseudoCheck

KEY = "roll-call:9/1"


class Died(BaseException):
    """The process ends here: nothing after it runs, not even the sender's release."""


@pytest.fixture
def pool_on_one_clock(any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov and the Slack stand-in on one hand-moved clock (the look-up reads the thread from
    shortly before the first lease, by poolgov's clock, in Slack's timestamps)."""
    slack_clock = ManualClock(OPENED.timestamp())
    with FakeSlack(users=USERS, rate_limits=RateLimits.unlimited(), clock=slack_clock) as fake:
        yield from running(fake, any_url, tmp_path, clock=HandClock(OPENED))


def _in_thread(h: Harness, parent: str) -> list[str]:
    return [m.text for m in h.fake.messages(GOVERNANCE) if m.thread_ts == parent]


def test_a_thread_reply_whose_sender_died_after_slack_had_it_is_posted_once(
    pool_on_one_clock: Harness, monkeypatch: pytest.MonkeyPatch, pseudo_check: PseudoCheck
) -> None:
    # the thread's texts are the test's own, sent through poolgov's client and outbox
    pseudo_check.typed(
        "Result of motion", "note", "later, in the channel", "Roll call, part 1 of 1"
    )
    h = pool_on_one_clock
    rt = h.bot.runtime
    clock = clock_of(h)
    parent = str(rt.client.chat_postMessage(channel=GOVERNANCE, text="Result of motion 9")["ts"])
    for n in range(3):  # other replies in the thread, and a message after it in the channel
        rt.client.chat_postMessage(channel=GOVERNANCE, text=f"note {n}", thread_ts=parent)
    rt.client.chat_postMessage(channel=GOVERNANCE, text="later, in the channel")
    assert outbox.enqueue(rt, KEY, GOVERNANCE, "Roll call, part 1 of 1", None, thread_ts=parent)

    def die_once_sent(point: str, key: str) -> None:
        if point == "sent" and key == KEY:
            raise Died

    monkeypatch.setattr(bot.outbox, "kill_point", die_once_sent)
    with pytest.raises(Died):
        outbox.deliver(rt, KEY)
    monkeypatch.undo()
    assert _in_thread(h, parent).count("Roll call, part 1 of 1") == 1  # Slack has it, unmarked

    clock.set(clock() + outbox.lease_length(rt) + timedelta(seconds=1))  # the lease runs out
    again = outbox.deliver(rt, KEY)
    assert again.outcome is Outcome.FOUND
    assert again.ts is not None
    assert again.ts in [m.ts for m in h.fake.messages(GOVERNANCE) if m.thread_ts == parent]
    assert outbox.deliver(rt, KEY).outcome is Outcome.BUSY  # sent: never leased again
    assert _in_thread(h, parent).count("Roll call, part 1 of 1") == 1
    assert h.fake.calls("conversations.replies")
