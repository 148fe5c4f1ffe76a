"""``poolgov run`` without Slack tokens, as a process: what it prints, the sandbox page it then
serves, and its stop on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen


@dataclass(frozen=True)
class Served:
    url: str
    printed: str  # everything it printed, up to its stop
    page: str
    returncode: int
    stderr: str


def served_without_tokens(command: list[str], cwd: Path, timeout: float = 120) -> Served:
    """Run ``command`` (a ``poolgov run --sandbox-port 0``) with no Slack or poolgov settings,
    wait for the sandbox's address, fetch its page, then press Ctrl-C and wait for the exit."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("POOLGOV_", "SLACK_"))}
    for name in ("DATABASE_URL", "PYTHONPATH"):
        environ.pop(name, None)
    process = subprocess.Popen(
        command, cwd=cwd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        printed = []
        for line in process.stdout:
            printed.append(line)
            if "The sandbox is at" in line:
                break
        url = printed[-1].split("The sandbox is at", 1)[1].split()[0]
        with urlopen(url, timeout=timeout) as answer:  # noqa: S310 - the sandbox on loopback
            page: str = answer.read().decode()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return Served(url, "".join(printed) + out, page, process.returncode, err)
