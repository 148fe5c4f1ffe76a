"""Servers run as real processes: ``poolgov run --http`` (for tests that kill and restart it).

:class:`ServerProcess` starts any HTTP server command on a free port and waits on its
``/healthz``; :class:`BotProcess` is poolgov's. The bench (``python -m bench``) runs poolgov and its
floor this way. A process's stderr goes to a file in its working directory (a pipe nobody reads
would fill up and block the server mid-burst); its tail is shown when the process fails to start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Self

from bot.sandbox import FakeSlack
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.pool import CHARTER, GOVERNANCE

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """``command --port P`` run in ``workdir``, ``env`` added to this process's environment."""

    def __init__(
        self, name: str, command: Sequence[str], workdir: Path, env: Mapping[str, str]
    ) -> None:
        self.name = name
        self.command = list(command)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        self.workdir = workdir
        self.stderr_path = workdir / f"{name}-{self.port}.stderr"
        self.process: subprocess.Popen[bytes] | None = None
        self._stderr_file: IO[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Self:
        self._stderr_file = self.stderr_path.open("ab")
        self.process = subprocess.Popen(
            [*self.command, "--port", str(self.port)],
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr_file,
        )
        try:
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self._stderr()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"{self.name} did not start: {self._stderr()}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when a machine dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=60)
        self._close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=60)
        self._close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _stderr(self) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def _close(self) -> None:
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None


class BotProcess(ServerProcess):
    """One ``poolgov run --http`` process against a fake Slack and a database URL.

    ``charter`` is the charter file's text (the e2e pool's by default); ``env`` overrides any
    variable set here.
    """

    def __init__(
        self,
        fake: FakeSlack,
        database_url: str,
        workdir: Path,
        *,
        charter: str = CHARTER,
        **env: str,
    ) -> None:
        charter_file = workdir / "charter.yaml"
        charter_file.write_text(charter, encoding="utf-8")
        command = [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1"]
        settings = {
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "POOLGOV_CHARTER": str(charter_file),
            "POOLGOV_CHANNEL": GOVERNANCE,
            "POOLGOV_AUDIT_KEY": "e2e-audit-key",
            "POOLGOV_SIGNING_KEY": "ZTJlLXNpZ25pbmcta2V5LXNlZWQtb2YtMzItYnl0ZXM=",
            "POOLGOV_REFRESH_INTERVAL": "0.05",
            "POOLGOV_SWEEP_INTERVAL": "0.5",
            "POOLGOV_CLOSE_GRACE": "0.05",  # as in-process (tests/e2e/conftest.py settings_for)
            "POOLGOV_LOG_LEVEL": "WARNING",
            "POOLGOV_DRAIN_SECONDS": "0",  # stopped at once; the drain has a test of its own
        }
        super().__init__("poolgov", command, workdir, {**settings, **env})
