"""SIGTERM drains a replica: /readyz turns 503 first, requests in flight are answered, then it
stops; and Socket Mode's health is served on the ops port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import FakeSlack, SlackDriver
from bot.sandbox.driver import DriverResponse
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.flows import eventually
from tests.e2e.pool import CHARTER, OPERATOR
from tests.e2e.processes import BotProcess, free_port


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - local server
            return int(answer.status)
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code)


class Prepared(SlackDriver):
    """Builds a signed request as Slack would, and keeps it instead of sending it."""

    request: tuple[bytes, dict[str, str]] | None = None

    def post(self, body: bytes, content_type: str, **delivery: Any) -> DriverResponse:
        self.request = (body, {"Content-Type": content_type, **self.signed_headers(body)})
        return DriverResponse(0, {}, b"")


@pytest.mark.slow
def test_sigterm_turns_unready_first_and_answers_a_request_in_flight(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    bot = BotProcess(fake_slack, sqlite_url, tmp_path, POOLGOV_DRAIN_SECONDS="600").start()
    try:
        assert bot.process is not None
        assert status_of(bot.url + "/readyz") == 200
        prepared = Prepared(bot.url + "/slack/events", SIGNING_SECRET, fake_slack)
        before = len(fake_slack.ephemerals(OPERATOR))
        prepared.slash_command(OPERATOR, "/pool", "members")
        assert prepared.request is not None
        body, headers = prepared.request
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        with socket.create_connection(("127.0.0.1", bot.port), timeout=60) as client:
            # a request in flight: its headers and half its body are in when SIGTERM comes
            client.sendall(
                f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body[: len(body) // 2]
            )
            bot.process.send_signal(signal.SIGTERM)
            eventually(lambda: status_of(bot.url + "/readyz") == 503)
            assert status_of(bot.url + "/healthz") == 200  # alive: only out of rotation
            client.sendall(body[len(body) // 2 :])
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert eventually(lambda: fake_slack.ephemerals(OPERATOR)[before:])
        assert bot.process.poll() is None  # still draining
        bot.process.send_signal(signal.SIGTERM)  # a second SIGTERM: stop now
        assert bot.process.wait(timeout=60) == 0
    finally:
        bot.stop()


@pytest.mark.slow
def test_socket_mode_serves_its_health_on_the_ops_port(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(CHARTER, encoding="utf-8")
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": fake_slack.bot_token,
        "SLACK_APP_TOKEN": fake_slack.app_token,
        "SLACK_API_URL": fake_slack.api_url,
        "DATABASE_URL": sqlite_url,
        "POOLGOV_CHARTER": str(charter),
        "POOLGOV_SIGNING_KEY": "ZTJlLXNpZ25pbmcta2V5LXNlZWQtb2YtMzItYnl0ZXM=",
        "POOLGOV_LOG_LEVEL": "WARNING",
        "POOLGOV_OPS_PORT": str(port),
        "POOLGOV_DRAIN_SECONDS": "600",
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert fake_slack.socket_mode.wait_connected(timeout=60)

        def answers() -> bool:
            try:
                return status_of(base + "/readyz") == 200
            except OSError:
                time.sleep(0.05)
                return False

        eventually(answers)
        assert status_of(base + "/metrics") == 200
        process.send_signal(signal.SIGTERM)
        eventually(lambda: status_of(base + "/readyz") == 503)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
