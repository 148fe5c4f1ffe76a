"""``poolgov run --http`` as a real process, for tests that kill and restart it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.sandbox import FakeSlack
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.pool import CHARTER, GOVERNANCE

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    """One ``poolgov run --http`` process against a fake Slack and a database URL."""

    def __init__(self, fake: FakeSlack, database_url: str, workdir: Path, **env: str) -> None:
        charter = workdir / "charter.yaml"
        charter.write_text(CHARTER, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "POOLGOV_CHARTER": str(charter),
            "POOLGOV_CHANNEL": GOVERNANCE,
            "POOLGOV_AUDIT_KEY": "e2e-audit-key",
            "POOLGOV_REFRESH_INTERVAL": "0.05",
            "POOLGOV_SWEEP_INTERVAL": "0.5",
            "POOLGOV_LOG_LEVEL": "WARNING",
            **env,
        }
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> BotProcess:
        command = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            cwd=self.workdir,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self._stderr())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as answer:  # noqa: S310
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("poolgov did not start: " + self._stderr())

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when a machine dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close()

    def _stderr(self) -> str:
        if self.process is None or self.process.stderr is None:
            return ""
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read().decode(errors="replace")[-4000:]

    def _close(self) -> None:
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
