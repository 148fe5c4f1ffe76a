"""Test-wide machinery: the throwaway PostgreSQL server and the rule that its half must run.

Storage tests take the ``database_url`` fixture (tests/integration/conftest.py), parametrised over
SQLite and PostgreSQL; the PostgreSQL parameter carries the ``postgres`` marker. PostgreSQL is
found at ``POOLGOV_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``).
With ``POOLGOV_REQUIRE_POSTGRES=1`` (``make test``) an unreachable server is a test error, not a
skip, and the run fails when no ``postgres`` test passed. ``POOLGOV_REQUIRE_BROWSER=1`` (CI)
does the same for the ``browser`` tests in headless Chromium (tests/browser).

``make test`` runs the suite in two worker processes (pytest-xdist). Each worker makes its own
throwaway databases (their names carry a token of the worker's) and its own servers on ports the
system picks; the tests are counted where every report arrives: in the one process that runs a
plain ``pytest``, and in the controller of a ``pytest -n N`` run (never in its workers).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import psycopg
import pytest

from tests.postgres import PostgresServer, SqliteTemplate

ADMIN_URL = os.environ.get(
    "POOLGOV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRED = os.environ.get("POOLGOV_REQUIRE_POSTGRES") == "1"
BROWSER_REQUIRED = os.environ.get("POOLGOV_REQUIRE_BROWSER") == "1"
_postgres_passed = 0
_browser_passed = 0


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(ADMIN_URL)
    try:
        with server._admin() as admin:
            admin.execute("SELECT 1")
    except psycopg.OperationalError as error:
        message = f"PostgreSQL is not reachable at {ADMIN_URL}: {error}"
        if REQUIRED:
            pytest.fail(message + " (POOLGOV_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message)
    yield server
    for name in reversed(server.created):
        server.drop(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    """A SQLite database migrated once this session, copied for each test (tests/postgres.py)."""
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """The root logger as it was before each test, after it: a test that runs ``poolgov run``
    in this process (bot/logs.py ``configure``) leaves no handler on a stream closed since, and
    no INFO level, to the tests after it (whatever order they run in, in whichever worker)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    if root.handlers != handlers or root.level != level:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        for handler in handlers:
            if handler not in root.handlers:
                root.addHandler(handler)
        root.setLevel(level)


def _is_worker(config: pytest.Config) -> bool:
    """A pytest-xdist worker: its reports go on to the controller, which counts them."""
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _postgres_passed, _browser_passed
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _postgres_passed += 1
    if report.when == "call" and report.passed and "browser" in report.keywords:
        _browser_passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _is_worker(session.config):
        return
    if (REQUIRED and _postgres_passed == 0) or (BROWSER_REQUIRED and _browser_passed == 0):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _is_worker(terminalreporter.config):
        return
    if REQUIRED and _postgres_passed == 0:
        terminalreporter.write_line(
            "FAILED: POOLGOV_REQUIRE_POSTGRES=1 but no PostgreSQL test passed", red=True
        )
    elif _postgres_passed:
        terminalreporter.write_line(f"{_postgres_passed} tests passed on PostgreSQL")
    if BROWSER_REQUIRED and _browser_passed == 0:
        terminalreporter.write_line(
            "FAILED: POOLGOV_REQUIRE_BROWSER=1 but no browser test passed", red=True
        )
    elif _browser_passed:
        terminalreporter.write_line(f"{_browser_passed} tests passed in headless Chromium")
