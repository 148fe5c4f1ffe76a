"""The sandbox's held clock stands still until released, then runs on without a jump."""

from __future__ import annotations

from bot.sandbox import HeldClock, ManualClock


def test_a_held_clock_stands_still_until_released_and_then_follows_the_wall() -> None:
    wall = ManualClock(start=100.0)
    held = HeldClock(wall)
    wall.advance(30)
    assert held() == 100.0
    held.release()
    assert held() == 100.0  # no jump at the release
    wall.advance(2.5)
    assert held() == 102.5
    held.release()
    assert held() == 102.5
