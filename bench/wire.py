"""Sending a burst: a pool of workers, each on its own keep-alive HTTP connection to the app.

Every delivery is signed when it is sent (a re-delivery is the same body signed again, as Slack
re-signs its retries). A worker records when it sent the request (wall clock, to compare with the
time the fake Slack received the receipt) and how long the ack took.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.sandbox import SlackDriver
from bot.sandbox.driver import FORM


@dataclass(frozen=True)
class Sent:
    """One delivery: its place in the burst, the HTTP status (0: no answer) and its timings."""

    index: int
    status: int
    sent_at: float  # time.time() just before the request went out
    started: float  # time.perf_counter() at the same moment
    ack_seconds: float


@dataclass(frozen=True)
class Burst:
    sent: list[Sent]  # in burst order
    wall_seconds: float  # first request out to last answer in

    @property
    def acked(self) -> int:
        return sum(1 for s in self.sent if s.status == 200)


def send_burst(
    driver: SlackDriver, bodies: Sequence[bytes], concurrency: int, timeout: float = 30.0
) -> Burst:
    """POST every body to ``driver.url`` in order, ``concurrency`` requests in flight at most."""
    target = urlsplit(driver.url)
    host, port, path = target.hostname or "127.0.0.1", target.port or 80, target.path
    order = iter(range(len(bodies)))
    order_lock = threading.Lock()
    ready = threading.Barrier(concurrency)

    def next_index() -> int | None:
        with order_lock:
            return next(order, None)

    def worker() -> list[Sent]:
        mine: list[Sent] = []
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            connection.connect()
            ready.wait()
            while (index := next_index()) is not None:
                body = bodies[index]
                headers = {"Content-Type": FORM, **driver.signed_headers(body)}
                sent_at, started = time.time(), time.perf_counter()
                try:
                    connection.request("POST", path, body=body, headers=headers)
                    with connection.getresponse() as response:
                        response.read()
                        status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()  # reconnects on the next request
                    status = 0
                mine.append(Sent(index, status, sent_at, started, time.perf_counter() - started))
        finally:
            connection.close()
        return mine

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="bench-click") as pool:
        futures = [pool.submit(worker) for _ in range(concurrency)]
        sent = sorted(
            itertools.chain.from_iterable(f.result() for f in futures), key=lambda s: s.index
        )
    if not sent:
        return Burst([], 0.0)
    first = min(s.started for s in sent)
    last = max(s.started + s.ack_seconds for s in sent)
    return Burst(sent, last - first)
