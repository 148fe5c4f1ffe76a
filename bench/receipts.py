"""Click-to-receipt: when the fake Slack received each click's ephemeral reply on its response_url.

The fake records every response_url post with its arrival time (``ApiCall.at``, wall clock). A
click and its re-delivery share one response_url, so sends and arrivals on a URL are paired in
time order.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bench.wire import Sent
from bot.sandbox import ApiCall, FakeSlack

RESPONSE_PATH = "/response/"


def url_id(response_url: str) -> str:
    """The id the fake records for a response URL (what follows ``/response/``)."""
    return response_url.split(RESPONSE_PATH, 1)[1]


def receipts(fake: FakeSlack, ids: Collection[str]) -> list[ApiCall]:
    """The response_url posts the fake received on the URLs ``ids``."""
    return [c for c in fake.calls("response_url") if c.params.get("url_id") in ids]


def wait_for_receipts(
    fake: FakeSlack, ids: Collection[str], expected: int, *, quiet: float = 10.0
) -> list[ApiCall]:
    """Wait until ``expected`` posts arrived on ``ids``, or none arrived for ``quiet`` seconds."""
    seen, last_change = -1, time.monotonic()
    while True:
        posts = receipts(fake, ids)
        if len(posts) >= expected:
            return posts
        if len(posts) != seen:
            seen, last_change = len(posts), time.monotonic()
        elif time.monotonic() - last_change > quiet:
            return posts
        time.sleep(0.05)


@dataclass(frozen=True)
class Matched:
    latencies: list[float]  # seconds from sending a click to its receipt's arrival
    missing: int  # clicks with no receipt
    refused: int  # receipts the fake refused (non-200: used or unknown URL…)


def match(sent: Sequence[Sent], urls: Sequence[str], posts: Sequence[ApiCall]) -> Matched:
    """Pair each delivery (``urls[s.index]`` its response_url) with a receipt on that URL."""
    sends: dict[str, list[float]] = defaultdict(list)
    for s in sent:
        sends[url_id(urls[s.index])].append(s.sent_at)
    arrivals: dict[str, list[float]] = defaultdict(list)
    refused = 0
    for post in posts:
        if post.status != 200:
            refused += 1
            continue
        arrivals[str(post.params.get("url_id"))].append(post.at)
    latencies: list[float] = []
    missing = 0
    for key, times in sends.items():
        got = sorted(arrivals.get(key, []))
        times.sort()
        missing += max(0, len(times) - len(got))
        latencies.extend(at - out for out, at in zip(times, got, strict=False))
    return Matched(latencies, missing, refused)
