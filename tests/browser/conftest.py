"""The sandbox page in headless Chromium: Debian's /usr/bin/chromium driven by Playwright.

Browser tests are skipped where Playwright or Chromium is missing, unless POOLGOV_REQUIRE_BROWSER=1
(CI), where that is an error and a run with no browser test passed fails (tests/conftest.py).
Each test gets a sandbox of its own (the real bot, the stand-in for Slack, its own SQLite file)
served on a free loopback port, and a fresh browser page.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.web.app import PageServer, build
from bot.sandbox.web.session import Sandbox, SandboxConfig
from tests.conftest import BROWSER_REQUIRED

CHROMIUM = os.environ.get("POOLGOV_CHROMIUM", "/usr/bin/chromium")

OPERATOR, SUPERVISOR = "U0OPS1", "U0SUPER1"
ACME, BETA, GAMMA, DELTA = "U0ACME1", "U0BETA1", "U0GAMMA1", "U0DELTA1"
NEWCO = "U0NEWCO1"

CHARTER = f"""\
version: 1
pool:
  name: Codec Pool Sandbox
  timezone: Europe/Berlin
operator:
  name: PoolOps Co.
  users: [{OPERATOR}]
supervisors:
  users: [{SUPERVISOR}]
  channel: G0SUPERVISE
members:
  - {{id: acme, name: Acme Corp, patents: 40, representatives: [{ACME}]}}
  - {{id: beta, name: Beta Ltd, patents: 30, representatives: [{BETA}]}}
  - {{id: gamma, name: Gamma GmbH, patents: 20, representatives: [{GAMMA}]}}
  - {{id: delta, name: Delta SA, patents: 10, representatives: [{DELTA}]}}
weights:
  basis: patents
motions:
  default: {{voting_period: 7d, quorum: 1/2, threshold: 1/2, allow_change: true}}
  admission: {{threshold: 2/3, threshold_rule: at_least}}
"""


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    missing = _unavailable()
    if missing:
        if BROWSER_REQUIRED:
            pytest.fail(missing + " (POOLGOV_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # only reached when what is awaited never comes

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@dataclass
class Served:
    sandbox: Sandbox
    url: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A sandbox on the test charter, its page served on a free loopback port."""
    charter = tmp_path / "charter.yaml"
    charter.write_text(CHARTER, encoding="utf-8")
    sandbox = Sandbox(SandboxConfig(charter, f"sqlite:///{tmp_path / 'sandbox.db'}", tmp_path))
    sandbox.start()
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = PageServer(build(sandbox))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        yield Served(sandbox, f"http://127.0.0.1:{port}/")
    finally:
        server.stop()
        thread.join(timeout=30)
        listener.close()
        sandbox.stop()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(60_000)  # only reached when what is awaited never comes
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors
