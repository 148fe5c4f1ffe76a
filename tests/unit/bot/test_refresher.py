"""A burst of refresh requests becomes a few renders, and the last one always happens."""

from __future__ import annotations

import threading
import time

from bot.slack.refresher import Refresher


def test_a_burst_of_requests_is_coalesced_into_few_renders() -> None:
    renders: list[str] = []
    refresher = Refresher(renders.append, interval=0.5)
    try:
        for _ in range(200):
            refresher.request("motion:1")
        assert refresher.flush(timeout=60)
    finally:
        refresher.stop()
    assert 1 <= renders.count("motion:1") <= 2


def test_the_last_request_in_a_burst_is_always_rendered_after_it() -> None:
    state = {"value": 0}
    shown: list[int] = []
    refresher = Refresher(lambda key: shown.append(state["value"]), interval=0.2)
    try:
        for value in range(1, 51):
            state["value"] = value
            refresher.request("motion:1")
            time.sleep(0.005)
        assert refresher.flush(timeout=60)
    finally:
        refresher.stop()
    assert shown[-1] == 50
    assert len(shown) < 10


def test_an_urgent_request_does_not_wait_for_the_interval() -> None:
    rendered = threading.Event()
    refresher = Refresher(lambda key: rendered.set(), interval=60)
    try:
        refresher.request("motion:1")
        assert rendered.wait(60)
        rendered.clear()
        refresher.request("motion:1", urgent=True)
        assert rendered.wait(60)
    finally:
        refresher.stop()


def test_a_failed_render_is_retried() -> None:
    attempts: list[str] = []

    def flaky(key: str) -> None:
        attempts.append(key)
        if len(attempts) == 1:
            raise RuntimeError("slack is down")

    refresher = Refresher(flaky, interval=0.05)
    try:
        refresher.request("motion:1")
        deadline = time.monotonic() + 60
        while len(attempts) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        refresher.stop()
    assert attempts == ["motion:1", "motion:1"]
