"""The wheel, installed into a fresh virtual environment outside the checkout, works on its own.

The wheel is built here without network (``--no-build-isolation``: setuptools is in the dev
extra). The fresh environment gets the wheel alone; its dependencies come from this environment's
site-packages through a ``.pth`` line (no download), while the checkout, and this environment's
editable install of it, are out of its sight: the commands run in a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.sandbox_process import served_without_tokens

ROOT = Path(__file__).resolve().parents[2]


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("POOLGOV_", "SLACK_"))}
    environ.pop("DATABASE_URL", None)
    environ.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_installed_wheel_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--quiet",
        "--wheel-dir",
        dist,
        ROOT,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("poolgov-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert "bot/packaged/examples/charter.yaml" in shipped
    assert "bot/packaged/app-manifest.yaml" in shipped
    assert "poolgov/__main__.py" in shipped
    assert "migrations/versions/0001_initial_schema.py" in shipped
    for lang in ("en", "zh_Hans"):  # the catalogs, and compiled by the build
        assert f"bot/locale/{lang}/LC_MESSAGES/poolgov.po" in shipped
        assert f"bot/locale/{lang}/LC_MESSAGES/poolgov.mo" in shipped
    assert not any(name.startswith("tests/") for name in shipped)

    fresh = tmp_path / "fresh"
    created = run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    python = fresh / "bin" / "python"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--quiet",
        wheel,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
    )
    (Path(purelib.stdout.strip()) / "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    poolgov = fresh / "bin" / "poolgov"

    where = run(
        python, "-c", "import bot, poolgov; print(bot.__file__, poolgov.__file__)", cwd=work
    )
    assert str(ROOT) not in where.stdout
    assert str(fresh) in where.stdout

    version = run(poolgov, "--version", cwd=work)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("poolgov ")
    assert run(python, "-m", "poolgov", "--version", cwd=work).stdout == version.stdout

    sandbox = served_without_tokens([str(poolgov), "run", "--sandbox-port", "0"], work)
    assert sandbox.returncode == 0, sandbox.stderr
    assert "Traceback" not in sandbox.stderr
    assert "SLACK_BOT_TOKEN is not set" in sandbox.printed
    assert "bot/packaged/app-manifest.yaml" in sandbox.printed
    assert '"usage_hint"' in sandbox.page  # the page's command hints, from the packaged manifest
    assert '"/motion"' in sandbox.page

    examples = run(poolgov, "init", "--example", "--to", "start", cwd=work)
    assert examples.returncode == 0, examples.stderr
    checked = run(poolgov, "charter", "check", "start/charter.yaml", cwd=work)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("start/charter.yaml: OK")
    assert (work / "start" / "app-manifest.yaml").exists()
