"""Fixtures of the fuzz suite: one poolgov per engine (SQLite, PostgreSQL) with meetings and
complaints, shared by the fuzz tests of this package, which keep adding to its state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import bot.app
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, RateLimits
from storage.sealing import generate_key
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import ENGINES, SIGNING_SECRET, Harness, settings_for
from tests.e2e.meeting_flows import meetings_yaml
from tests.e2e.pool import CHARTER, USERS
from tests.fuzz.harness import CountingExecutor, Fuzz, SizedDriver, running_fuzz
from tests.postgres import PostgresServer


@pytest.fixture(scope="package", params=ENGINES)
def fuzzed_pool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fuzz]:
    """poolgov over signed HTTP with a weekly meeting and a complaint key, on a hand clock."""
    tmp_path = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'poolgov.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.url(server.create())
    made: list[CountingExecutor] = []

    def counting(*args: Any, **kwargs: Any) -> CountingExecutor:
        made.append(CountingExecutor(*args, **kwargs))
        return made[-1]

    with (
        FakeSlack(users=USERS, rate_limits=RateLimits.unlimited()) as fake,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(bot.app, "ThreadPoolExecutor", counting)
        settings = settings_for(fake, url, tmp_path, POOLGOV_COMPLAINT_KEY=generate_key())
        assert settings.charter_path is not None
        settings.charter_path.write_text(
            CHARTER + meetings_yaml("2027-01-04T10:00"), encoding="utf-8"
        )
        with PoolBot(settings, clock=HandClock()) as poolbot:
            server_ = poolbot.start_http(port=0)
            driver = SizedDriver(server_.url, SIGNING_SECRET, fake)
            (executor,) = made
            yield from running_fuzz(Harness(fake, poolbot, driver, settings), executor)


@pytest.fixture
def fuzz(fuzzed_pool: Fuzz, capfd: pytest.CaptureFixture[str]) -> Iterator[Fuzz]:
    """The shared poolgov, with a fresh open motion, checked from here on by this test."""
    fuzzed_pool.begin(capfd)
    yield fuzzed_pool
    fuzzed_pool.capfd = None
