"""The wheel, installed into a fresh virtual environment outside the checkout, works on its own.

The wheel is built here without network (``--no-build-isolation``: setuptools is in the dev
extra). The fresh environment gets the wheel alone; its dependencies come from this environment's
site-packages through a ``.pth`` line (no download), while the checkout, and this environment's
editable install of it, are out of its sight: the commands run in a temporary directory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from urllib.request import urlopen

import pytest

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


def served_without_tokens(poolgov: Path, work: Path) -> str:
    """What ``poolgov run`` prints without Slack tokens and the sandbox page it then serves,
    after which Ctrl-C stops it."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("POOLGOV_", "SLACK_"))}
    for name in ("DATABASE_URL", "PYTHONPATH"):
        environ.pop(name, None)
    process = subprocess.Popen(
        [str(poolgov), "run", "--sandbox-port", "0"],
        cwd=work,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = []
        for line in process.stdout:
            printed.append(line)
            if "The sandbox is at" in line:
                break
        url = printed[-1].split("The sandbox is at", 1)[1].split()[0]
        with urlopen(url, timeout=120) as answer:  # noqa: S310 - the sandbox on loopback
            page: str = answer.read().decode()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return "".join(printed) + out + page


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

    sandbox = served_without_tokens(poolgov, work)
    assert "SLACK_BOT_TOKEN is not set" in sandbox
    assert "bot/packaged/app-manifest.yaml" in sandbox
    assert '"usage_hint"' in sandbox  # the page's command hints, from the packaged manifest
    assert '"/motion"' in sandbox

    examples = run(poolgov, "init", "--example", "--to", "start", cwd=work)
    assert examples.returncode == 0, examples.stderr
    checked = run(poolgov, "charter", "check", "start/charter.yaml", cwd=work)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("start/charter.yaml: OK")
    assert (work / "start" / "app-manifest.yaml").exists()
