"""The early closer: many asks make one close, a moment later; stopping runs what waits."""

from __future__ import annotations

import threading

from bot.early_close import EarlyCloser


class Closes:
    def __init__(self, fail_first: bool = False) -> None:
        self.calls: list[str] = []
        self.done = threading.Event()
        self.fail_first = fail_first

    def __call__(self, motion_id: str) -> None:
        self.calls.append(motion_id)
        if self.fail_first and len(self.calls) == 1:
            raise RuntimeError("the database went away")
        self.done.set()


def test_a_burst_of_asks_closes_the_motion_once() -> None:
    closes = Closes()
    closer = EarlyCloser(closes, grace=0.05)
    for _ in range(50):
        closer.request("7")
    assert closes.done.wait(5)
    closer.request("7")  # after the close: remembered, nothing more
    closer.stop()
    assert closes.calls == ["7"]


def test_stopping_runs_the_closes_still_waiting_and_ignores_later_asks() -> None:
    closes = Closes()
    closer = EarlyCloser(closes, grace=60)
    closer.request("1")
    closer.request("2")
    closer.stop()
    closer.request("3")
    assert sorted(closes.calls) == ["1", "2"]


def test_a_failed_close_is_tried_again_on_the_next_ask() -> None:
    closes = Closes(fail_first=True)
    closer = EarlyCloser(closes, grace=0.01)
    closer.request("4")
    for _ in range(500):  # until the failed attempt has been forgotten
        if closes.calls:
            closer.request("4")
        if closes.done.wait(0.01):
            break
    closer.stop()
    assert closes.calls == ["4", "4"]
