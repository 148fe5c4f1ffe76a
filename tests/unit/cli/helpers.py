"""Running ``poolgov``: in-process through typer's runner, or as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from bot.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def poolgov(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def poolgov_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POOLGOV_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *(str(a) for a in args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
