"""The bench's processor-time figures (bench/cpu.py): a database's backends are found, and a
process tree's time is what its processes spent inside the measured block."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from bench.cpu import backends, cpu_seconds, spent
from storage.engines import make_engine


def test_the_backends_are_those_connected_to_the_database(any_url: str) -> None:
    found = backends(any_url)
    engine = make_engine(any_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert found() == []  # no server: the app's own processes do the work
                return
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            assert pid in found()
        engine.dispose()
        assert pid not in found()
    finally:
        engine.dispose()


def test_a_busy_child_is_charged_to_its_tree_and_an_idle_one_is_not() -> None:
    waiting = "import sys\nprint('ready', flush=True)\nsys.stdin.read()"
    idle = subprocess.Popen(
        [sys.executable, "-c", waiting], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert idle.stdout is not None
        assert idle.stdout.readline() == b"ready\n"  # started: from here on it only waits
        with spent(lambda: [idle.pid]) as nothing:
            pass
        assert nothing.seconds is not None
        assert nothing.seconds < 0.05
        busy = "\n".join(
            [
                "import sys, time",
                "end = time.process_time() + 0.3",
                "while time.process_time() < end: pass",
                "sys.stdin.read()",
            ]
        )
        worker = subprocess.Popen([sys.executable, "-c", busy], stdin=subprocess.PIPE)
        try:
            with spent(lambda: [worker.pid]) as burned:
                # the child's own count, no clock: it has burned its 0.3 s when it says so
                while cpu_seconds(worker.pid) < 0.3 and worker.poll() is None:
                    pass
            assert burned.seconds is not None
            assert burned.seconds >= 0.2
        finally:
            worker.communicate(b"")
    finally:
        idle.communicate(b"")
