"""Slack's Web API rate limits as token buckets: per method, and per (method, channel).

`chat.postMessage` allows about one message per second per channel with short bursts; the other
methods follow Slack's tiers (Tier 3: 50+/min, Tier 4: 100+/min). A refused call is answered
HTTP 429 with `Retry-After`; only accepted calls spend a token.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.sandbox.clock import Clock


@dataclass(frozen=True)
class Rate:
    """`burst` calls at once, then one more every `interval` seconds."""

    burst: int
    interval: float

    @classmethod
    def per_minute(cls, calls: int, burst: int | None = None) -> Rate:
        return cls(burst=burst if burst is not None else calls, interval=60.0 / calls)


_TIER_3 = Rate.per_minute(50)
_TIER_4 = Rate.per_minute(100)


def _default_per_method() -> Mapping[str, Rate]:
    return MappingProxyType(
        {
            "chat.update": _TIER_3,
            "chat.delete": _TIER_3,
            "conversations.open": _TIER_3,
            "conversations.replies": _TIER_3,
            "chat.postEphemeral": _TIER_4,
            "users.info": _TIER_4,
            "views.open": _TIER_4,
            "views.push": _TIER_4,
            "views.update": _TIER_4,
            "views.publish": _TIER_4,
        }
    )


def _default_per_channel() -> Mapping[str, Rate]:
    return MappingProxyType({"chat.postMessage": Rate(burst=3, interval=1.0)})


@dataclass(frozen=True)
class RateLimits:
    """Which methods are limited, and how; both tables apply when a method is in both."""

    per_method: Mapping[str, Rate] = field(default_factory=_default_per_method)
    per_channel: Mapping[str, Rate] = field(default_factory=_default_per_channel)

    @classmethod
    def unlimited(cls) -> RateLimits:
        return cls(per_method={}, per_channel={})


BucketKey = tuple[str, str | None]


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by method, or by (method, channel)."""

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._buckets: dict[BucketKey, _Bucket] = {}
        self._lock = threading.Lock()

    def keys_for(self, method: str, channel: str | None) -> list[tuple[BucketKey, Rate]]:
        keys: list[tuple[BucketKey, Rate]] = []
        if method in self.limits.per_method:
            keys.append(((method, None), self.limits.per_method[method]))
        if channel and method in self.limits.per_channel:
            keys.append(((method, channel), self.limits.per_channel[method]))
        return keys

    def retry_after(self, keys: Sequence[tuple[BucketKey, Rate]]) -> int | None:
        """Whole seconds to wait (≥ 1) if any bucket is empty, else None. Spends nothing."""
        with self._lock:
            now = self._clock()
            waits = []
            for key, rate in keys:
                bucket = self._refill(key, rate, now)
                if bucket.tokens < 1:
                    waits.append((1 - bucket.tokens) * rate.interval)
        if not waits:
            return None
        return max(1, math.ceil(max(waits)))

    def spend(self, keys: Sequence[tuple[BucketKey, Rate]]) -> None:
        """Take one token from each bucket (after an accepted call)."""
        with self._lock:
            now = self._clock()
            for key, rate in keys:
                bucket = self._refill(key, rate, now)
                bucket.tokens = max(0.0, bucket.tokens - 1)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()

    def _refill(self, key: BucketKey, rate: Rate, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=float(rate.burst), updated=now)
        elif now > bucket.updated:
            gained = (now - bucket.updated) / rate.interval
            bucket.tokens = min(float(rate.burst), bucket.tokens + gained)
            bucket.updated = now
        return bucket
