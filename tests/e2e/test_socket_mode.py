"""Socket Mode end to end: poolgov connects with its app-level token, takes requests as envelopes
over the fake's WebSocket, acknowledges each, and votes, refusals and closes work as over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, SocketModeDriver
from bot.sandbox.socket_mode import NotAcknowledged
from tests.e2e.conftest import Harness, settings_for
from tests.e2e.flows import closed, ephemerals_to, eventually, open_motion, pool_says, vote_all
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, OPERATOR, OUTSIDER
from tests.e2e.processes import ROOT


def test_over_socket_mode_a_motion_is_put_voted_on_and_declared(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    settings = settings_for(fake_slack, sqlite_url, tmp_path, SLACK_APP_TOKEN=fake_slack.app_token)
    with PoolBot(settings) as bot:
        bot.start_socket_mode()
        assert fake_slack.socket_mode.wait_connected()
        h = Harness(fake_slack, bot, SocketModeDriver(fake_slack), settings)

        message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
        assert "help" in pool_says(h, OPERATOR, "help")
        before = len(ephemerals_to(h, OUTSIDER))
        vote_all(h, message, {OUTSIDER: "yes"})
        refusal = eventually(lambda: ephemerals_to(h, OUTSIDER)[before:])
        assert "representatives" in refusal[0]
        vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "no", DELTA: "yes"})

        receipt = eventually(lambda: ephemerals_to(h, ACME))
        assert "Your vote is recorded: *yes*" in receipt[0]
        result = closed(h, message)
        assert "carried" in result.text.lower()

    opened = [c for c in fake_slack.calls("apps.connections.open") if c.ok]
    assert len(opened) == 1


def test_socket_mode_takes_only_the_app_level_token_and_each_url_once(
    fake_slack: FakeSlack,
) -> None:
    def open_with(token: str) -> dict[str, object]:
        request = Request(  # noqa: S310 - the local fake
            fake_slack.api_url + "apps.connections.open",
            data=b"",
            headers={"Authorization": f"Bearer {token}"},
            method="POST",
        )
        with urlopen(request) as answer:  # noqa: S310 - the local fake
            return dict(json.load(answer))

    assert open_with(fake_slack.bot_token)["error"] == "not_allowed_token_type"
    url = str(open_with(fake_slack.app_token)["url"])
    assert url.startswith("ws://127.0.0.1:")

    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with connect(url) as first:
        hello = json.loads(first.recv(timeout=60))
        assert hello["type"] == "hello"
        with pytest.raises(InvalidStatus):
            connect(url)  # a ticket opens one connection
    with pytest.raises(NotAcknowledged):  # the app hung up: nothing acknowledges the envelope
        fake_slack.socket_mode.push("slash_commands", {}, accepts_response_payload=True)


def test_poolgov_run_with_an_app_token_serves_over_socket_mode(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    charter = settings_for(fake_slack, sqlite_url, tmp_path).charter_path
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SLACK_BOT_TOKEN": fake_slack.bot_token,
        "SLACK_APP_TOKEN": fake_slack.app_token,
        "SLACK_API_URL": fake_slack.api_url,
        "DATABASE_URL": sqlite_url,
        "POOLGOV_CHARTER": str(charter),
        "POOLGOV_AUDIT_KEY": "e2e-audit-key",
        "POOLGOV_SIGNING_KEY": "ZTJlLXNpZ25pbmcta2V5LXNlZWQtb2YtMzItYnl0ZXM=",
        "POOLGOV_LOG_LEVEL": "WARNING",
        "POOLGOV_DRAIN_SECONDS": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert fake_slack.socket_mode.wait_connected(timeout=60)
        driver = SocketModeDriver(fake_slack)
        before = len(fake_slack.ephemerals(OPERATOR))
        answer = driver.slash_command(OPERATOR, "/pool", "members")
        assert answer.status == 200
        shown = eventually(lambda: fake_slack.ephemerals(OPERATOR)[before:])
        assert "Acme" in shown[0].text + json.dumps(shown[0].blocks)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
