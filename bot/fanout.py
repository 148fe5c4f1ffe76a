"""Paced DM fan-out: many direct messages, each sent exactly once, within Slack's rate limits.

Every DM of a fan-out is enqueued in the outbox under ``<notice key>/to/<user>``, all in one
transaction, then sent through it (:mod:`bot.outbox`), so a restart, a second replica or an
overlapping job never sends one again, and one left unsent (its sender died) is sent by the
sweep. Sending paces itself with a token bucket (a workspace-wide budget) and at most one
message per second per DM channel; slack_sdk's ``RateLimitErrorRetryHandler`` waits out a 429's
``Retry-After``. A send that still fails stays pending for the next sweep and slows the pace down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.outbox import Outcome, content_of, deliver
from bot.runtime import Runtime
from governance.notices import dm_key
from governance.services import notices

log = logging.getLogger(__name__)

PER_CHANNEL_INTERVAL = 1.0  # chat.postMessage: about one message per second per channel


class Pacer:
    """A token bucket of ``rate`` sends per second (``burst`` at once), and one send per
    channel per :data:`PER_CHANNEL_INTERVAL`. Thread-safe; one per process."""

    def __init__(
        self,
        rate: float,
        burst: int = 10,
        per_channel: float = PER_CHANNEL_INTERVAL,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("a fan-out rate is positive")
        self.rate = rate
        self._floor = rate / 16
        self._ceiling = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._per_channel = per_channel
        self._last: dict[str, float] = {}
        self._sleep = sleep
        self._clock = clock
        self._updated = clock()
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        """Block until one more message may go to ``channel``."""
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self._burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                channel_ready = self._last.get(channel, -1e18) + self._per_channel
                delay = max(channel_ready - now, (1 - self._tokens) / self.rate, 0.0)
                if delay <= 0:
                    self._tokens -= 1
                    self._last[channel] = now
                    if len(self._last) > 10_000:
                        self._last.clear()
                    return
            self._sleep(delay)

    def slow_down(self) -> None:
        with self._lock:
            self.rate = max(self._floor, self.rate / 2)

    def recover(self) -> None:
        with self._lock:
            self.rate = min(self._ceiling, self.rate * 1.1)


_pacers: dict[tuple[float, int], Pacer] = {}
_pacers_lock = threading.Lock()


def fanout_pace(rt: Runtime) -> Callable[[str], None]:
    """The process's pacer as a ``before_send`` for DMs the sweep sends."""
    return pacer_for(rt.settings.fanout_rate, rt.settings.fanout_burst).wait


def pacer_for(rate: float, burst: int) -> Pacer:
    """The process's pacer for these settings: Slack's budget is shared by every fan-out."""
    with _pacers_lock:
        found = _pacers.get((rate, burst))
        if found is None:
            found = _pacers[(rate, burst)] = Pacer(rate, burst)
        return found


@dataclass
class FanOutResult:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # sent before, or being sent by another
    skipped: list[str] = field(default_factory=list)  # no longer wanted (e.g. has voted)
    failed: list[str] = field(default_factory=list)  # pending for the next sweep

    @property
    def complete(self) -> bool:
        return not self.failed


def fan_out(
    rt: Runtime,
    key: str,
    users: Sequence[str],
    message: Callable[[str], tuple[str, list[dict[str, Any]]]],
    *,
    wanted: Callable[[str], bool] = lambda user: True,
    guard: Callable[[str], Mapping[str, Any]] = lambda user: {},
    pacer: Pacer | None = None,
) -> FanOutResult:
    """DM each of ``users`` once under ``key``; ``wanted(user)`` is asked again just before each
    send (a member that voted meanwhile is not reminded). ``guard(user)`` adds fields to the
    stored content that let a later sender ask the same (see :mod:`bot.notice_content`)."""
    pace = pacer or pacer_for(rt.settings.fanout_rate, rt.settings.fanout_burst)
    result = FanOutResult()
    everyone = list(dict.fromkeys(users))
    queued = []
    for user in everyone:
        text, blocks = message(user)
        queued.append((dm_key(key, user), user, {**content_of(text, blocks), **guard(user)}))
    notices.enqueue_all(rt.new_uow(), queued, rt.clock())
    for user in everyone:
        if not wanted(user):
            notices.drop(rt.new_uow(), dm_key(key, user), "no longer wanted")
            result.skipped.append(user)
            continue
        delivery = deliver(rt, dm_key(key, user), before_send=pace.wait)
        if delivery.delivered:
            result.sent.append(user)
            pace.recover()
        elif delivery.outcome is Outcome.BUSY:
            result.already.append(user)
        elif delivery.outcome is Outcome.DROPPED:
            result.skipped.append(user)
        else:
            result.failed.append(user)
            if delivery.error == "ratelimited":
                pace.slow_down()
    return result
