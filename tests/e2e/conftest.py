"""A running poolgov over HTTP, a stateful fake Slack, and a driver that signs like Slack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.i18n.speech import PSEUDO_ENV
from bot.runner import PoolBot
from bot.runtime import utc_now
from bot.sandbox import FakeSlack, RateLimits, SlackDriver
from bot.settings import Settings
from storage.register_repo import SqlRegisterRepository
from tests.e2e.clocks import HandClock
from tests.e2e.pool import CHARTER, GOVERNANCE, USERS
from tests.e2e.pseudo import PseudoCheck
from tests.postgres import PostgresServer, SqliteTemplate

SIGNING_SECRET = "e2e-signing-secret"
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Harness:
    fake: FakeSlack
    bot: PoolBot
    slack: SlackDriver
    settings: Settings


@pytest.fixture(autouse=True)
def pseudo_check(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[PseudoCheck | None]:
    """Every e2e test runs under the pseudo-locale: each text poolgov sends to the stand-in
    Slack (and each acknowledgement it answers Slack with) must be made only of catalog
    messages and data, else the test fails naming the text. The markers are stripped on
    arrival, so the test itself reads plain English or Chinese. A test marked
    ``plain_locale("<why>")`` runs without it."""
    if request.node.get_closest_marker("plain_locale") is not None:
        monkeypatch.delenv(PSEUDO_ENV, raising=False)
        yield None
        return
    monkeypatch.setenv(PSEUDO_ENV, "1")
    check = PseudoCheck()
    check.charter(CHARTER)
    check.look_in(tmp_path)
    check.install(monkeypatch)
    yield check
    found = check.violations()
    if found:
        pytest.fail(
            f"{len(found)} text(s) poolgov sent bypass the catalog (or show data the check "
            "does not know):\n" + "\n".join(map(str, found[:40])),
            pytrace=False,
        )


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(users=USERS, rate_limits=RateLimits.unlimited()) as fake:
        yield fake


def migrated_database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database at the latest revision and no pool in it yet: poolgov initialises the pool
    from its charter when it starts. A copy of one Alembic migrated this session
    (tests/postgres.py); poolgov's own upgrade at start then finds it at head, as on every start
    after the first. A first start on an empty database is ``fresh_pool``'s."""
    if engine == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        yield template.migrated(tmp_path / "poolgov.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.migrated()
    yield server.url(name)
    server.drop(name)


def empty_database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with no tables at all: poolgov migrates it when it starts."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'poolgov.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def sqlite_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    yield from migrated_database("sqlite", tmp_path, request)


@pytest.fixture(params=ENGINES)
def any_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    yield from migrated_database(str(request.param), tmp_path, request)


def settings_for(fake: FakeSlack, database_url: str, tmp_path: Path, **extra: object) -> Settings:
    charter = tmp_path / "charter.yaml"
    charter.write_text(CHARTER, encoding="utf-8")
    values: dict[str, object] = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "POOLGOV_CHARTER": str(charter),
        "POOLGOV_CHANNEL": GOVERNANCE,
        "POOLGOV_AUDIT_KEY": "e2e-audit-key",
        "POOLGOV_SIGNING_KEY": "ZTJlLXNpZ25pbmcta2V5LXNlZWQtb2YtMzItYnl0ZXM=",
        "POOLGOV_REFRESH_INTERVAL": 0.05,
        "POOLGOV_SWEEP_INTERVAL": 0.5,
        # the early closer's wait after the last ballot (1 s by default); test_early_close_sweep
        # sets its own to test the wait itself
        "POOLGOV_CLOSE_GRACE": 0.05,
    }
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


def running(
    fake: FakeSlack,
    url: str,
    tmp_path: Path,
    *,
    clock: Callable[[], datetime] = utc_now,
    **extra: object,
) -> Iterator[Harness]:
    settings = settings_for(fake, url, tmp_path, **extra)
    with PoolBot(settings, clock=clock) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


@pytest.fixture(params=ENGINES)
def fresh_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    yield from empty_database(str(request.param), tmp_path, request)


@pytest.fixture
def pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on SQLite, serving signed HTTP requests."""
    yield from running(fake_slack, sqlite_url, tmp_path)


@pytest.fixture
def clocked_pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on SQLite and on PostgreSQL whose time moves only when the test moves it."""
    yield from running(fake_slack, any_url, tmp_path, clock=HandClock())


def clock_of(h: Harness) -> HandClock:
    """The hand clock a harness's poolgov reads."""
    clock = h.bot.runtime.clock
    assert isinstance(clock, HandClock)
    return clock


def sweep_once(h: Harness) -> None:
    """One sweep of the scheduler's, run here and now: whatever is due by the clock is done when
    this returns. A sweep the leader started on its own is waited for first, so no notice it
    leased is still on its way (every job is idempotent, so running both changes nothing twice)."""
    h.bot.scheduler.sweep_here()


@pytest.fixture
def threaded_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on SQLite recording ballots in a thread of its own process, not a child."""
    yield from running(fake_slack, sqlite_url, tmp_path, POOLGOV_BALLOT_WRITER="thread")


@pytest.fixture
def fresh_pool(fake_slack: FakeSlack, fresh_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov started for the first time on an empty database (no tables), SQLite and
    PostgreSQL: it migrates the schema and initialises the pool itself."""
    yield from running(fake_slack, fresh_url, tmp_path)


@pytest.fixture
def any_pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """poolgov on SQLite and on PostgreSQL."""
    yield from running(fake_slack, any_url, tmp_path)


@pytest.fixture
def register_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every read of the whole register (``SqlRegisterRepository.current``) made in
    this process while the test runs."""
    reads: list[int] = []
    current = SqlRegisterRepository.current

    def counted(self: SqlRegisterRepository) -> object:
        members = current(self)
        reads.append(len(members))
        return members

    monkeypatch.setattr(SqlRegisterRepository, "current", counted)
    return reads
