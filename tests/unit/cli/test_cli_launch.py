"""``poolgov run`` loads its own command only; every other command line loads the whole CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
from bot.cli import launch
try:
    launch.main(sys.argv[1:])
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.startswith(("bot.sandbox", "bot.cli.", "alembic")))
print(" ".join(loaded))
"""


def loaded_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return set(done.stdout.split("\n")[-2].split())


def test_run_help_loads_neither_the_sandbox_nor_alembic_nor_the_other_commands() -> None:
    loaded = loaded_by("run", "--help")
    assert "bot.cli.run" in loaded
    assert not {m for m in loaded if m.startswith(("bot.sandbox", "alembic"))}
    assert "bot.cli.app" not in loaded
    assert "bot.cli.export" not in loaded


def test_any_other_command_line_loads_the_whole_cli() -> None:
    loaded = loaded_by("--help")
    assert {"bot.cli.app", "bot.cli.export", "bot.cli.run"} <= loaded
    assert "bot.sandbox.web.cli" in loaded
