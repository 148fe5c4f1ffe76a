"""``poolgov`` refuses to run when another distribution's package shadows one of poolgov's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_shadowed_package_is_named_and_nothing_runs(tmp_path: Path) -> None:
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "__init__.py").write_text("raise SystemExit('imported!')\n")
    done = subprocess.run(
        [sys.executable, "-m", "poolgov", "settings"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "shadowed" in done.stderr
    assert f"storage ({tmp_path / 'storage' / '__init__.py'})" in done.stderr
    assert "imported!" not in done.stderr + done.stdout


def test_nothing_is_shadowed_here() -> None:
    import poolgov

    assert poolgov.clashes() == []
