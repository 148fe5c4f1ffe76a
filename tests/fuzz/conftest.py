"""Fixtures of the fuzz suite: poolgov with meetings and complaints, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import bot.app
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, SlackDriver
from storage.sealing import generate_key
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import SIGNING_SECRET, Harness, any_url, fake_slack, settings_for
from tests.e2e.flows import open_motion
from tests.e2e.meeting_flows import meetings_yaml
from tests.e2e.pool import CHARTER
from tests.fuzz.harness import CountingExecutor, Fuzz, running_fuzz

__all__ = ["any_url", "fake_slack"]


@pytest.fixture
def fuzz(
    fake_slack: FakeSlack,
    any_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> Iterator[Fuzz]:
    """poolgov over signed HTTP with one open motion, a weekly meeting and a complaint key."""
    made: list[CountingExecutor] = []

    def counting(*args: Any, **kwargs: Any) -> CountingExecutor:
        made.append(CountingExecutor(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(bot.app, "ThreadPoolExecutor", counting)
    settings = settings_for(fake_slack, any_url, tmp_path, POOLGOV_COMPLAINT_KEY=generate_key())
    assert settings.charter_path is not None
    meetings = meetings_yaml("2027-01-04T10:00")
    settings.charter_path.write_text(CHARTER + meetings, encoding="utf-8")
    with PoolBot(settings, clock=HandClock()) as poolbot:
        server = poolbot.start_http(port=0)
        h = Harness(
            fake_slack, poolbot, SlackDriver(server.url, SIGNING_SECRET, fake_slack), settings
        )
        (executor,) = made
        open_motion(h, "general", {"title": "Seed motion", "text": "Resolved."})
        yield from running_fuzz(h, executor, capfd)
