"""The ballot writer process, started or forked: it records and refuses as the service does,
survives its own death, and does not outlive a parent killed outright, leaving nothing on
stderr even when the parent dies with an answer on its way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bot.ballot_writer import BallotWriterProcess, WriterFault
from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.errors import NotAuthorised
from governance.services.queries import get_motion
from governance.tally import Choice
from tests.integration.charters import representative
from tests.integration.conftest import NOW
from tests.integration.helpers import open_kind


def test_the_child_records_a_batch_and_sends_back_each_answer_and_refusal(pool, database_url):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    writer = BallotWriterProcess(database_url)
    try:
        outcomes = writer.record_batch(
            [
                CastBallot(motion, None, representative("acme"), Choice.YES, "w-1"),
                CastBallot(motion, None, "U0NOBODY", Choice.NO, "w-2"),
            ],
            NOW,
        )
        (alone,) = writer.record_one(
            CastBallot(motion, None, representative("beta"), Choice.NO, "w-3"), NOW
        )
        assert writer.pid() != os.getpid()
    finally:
        writer.stop()

    recorded, refused = outcomes
    assert not isinstance(recorded, Exception)
    assert recorded[0].member_id == "acme"
    assert isinstance(refused, NotAuthorised)
    assert alone.member_id == "beta"
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES, "beta": Choice.NO}


#: What serves Slack, schedules jobs and formats text: none of it writes ballots.
SERVER_ONLY = ("slack_bolt", "slack_sdk", "apscheduler", "babel", "prometheus_client", "typer")


def test_a_started_child_imports_the_ballot_path_and_nothing_of_the_server(database_url):
    writer = BallotWriterProcess(database_url)
    try:
        loaded = writer.loaded_modules()
    finally:
        writer.stop()
    packages = {name.partition(".")[0] for name in loaded}
    assert {"governance", "storage", "sqlalchemy"} <= packages
    assert packages.isdisjoint(SERVER_ONLY), sorted(packages & set(SERVER_ONLY))
    assert [name for name in loaded if name.startswith("bot.")] == ["bot.ballot_writer"]


def test_a_killed_child_fails_only_the_call_it_held_and_is_replaced(pool, database_url):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    writer = BallotWriterProcess(database_url)
    try:
        first = writer.pid()
        os.kill(first, signal.SIGKILL)
        with pytest.raises(WriterFault):
            writer.record_one(
                CastBallot(motion, None, representative("acme"), Choice.YES, "k-1"), NOW
            )
        (event,) = writer.record_one(
            CastBallot(motion, None, representative("acme"), Choice.YES, "k-1"), NOW
        )
        assert writer.pid() != first
    finally:
        writer.stop()
    assert not event.replayed  # the call that died recorded nothing
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES}


FORKING = """
import os, signal, sys
from datetime import datetime
from bot.ballot_writer import BallotWriterProcess, WriterFault
from governance.commands import CastBallot
from governance.tally import Choice
url, motion, acme, beta, at = sys.argv[1:]
now = datetime.fromisoformat(at)
writer = BallotWriterProcess.fork(url)
first = writer.pid()
(event,) = writer.record_one(CastBallot(motion, None, acme, Choice.YES, "f-1"), now)
os.kill(first, signal.SIGKILL)
try:
    writer.record_one(CastBallot(motion, None, beta, Choice.NO, "f-2"), now)
except WriterFault:
    pass
(again,) = writer.record_one(CastBallot(motion, None, beta, Choice.NO, "f-2"), now)
print(writer.forked, first != os.getpid(), writer.pid() not in (first, os.getpid()))
print(event.member_id, again.member_id, again.replayed)
writer.stop()
"""


def test_a_forked_child_records_and_is_replaced_by_a_started_one(pool, database_url):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    arguments = [database_url, motion, representative("acme"), representative("beta")]
    done = subprocess.run(
        [sys.executable, "-c", FORKING, *arguments, NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "acme", "beta", "False"]
    assert get_motion(pool.reader(), motion).choices == {"acme": Choice.YES, "beta": Choice.NO}


def test_fork_is_refused_while_other_threads_run(database_url):
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with pytest.raises(RuntimeError, match="one thread"):
            BallotWriterProcess.fork(database_url)
    finally:
        release.set()
        other.join()


PARENT = """
import os, signal, sys
from bot.ballot_writer import BallotWriterProcess
writer = BallotWriterProcess.fork({url!r}) if {forked!r} else BallotWriterProcess({url!r})
print(writer.pid(), flush=True)
if {mid_call!r}:
    # a call on its way, then the parent dies before the answer comes back
    from governance.commands import CastBallot
    from governance.tally import Choice
    from datetime import datetime, timezone
    now = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)
    writer._child.conn.send(("one", CastBallot("1", None, "U0NOBODY", Choice.YES, "x"), now))
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.read()
"""


@pytest.mark.parametrize("engine_name", ["sqlite"])
@pytest.mark.parametrize("forked", [True, False], ids=["forked", "started"])
@pytest.mark.parametrize("mid_call", [False, True], ids=["idle", "mid-call"])
def test_the_child_exits_quietly_when_its_parent_is_killed(
    database_url, tmp_path, forked, mid_call
):
    stderr = tmp_path / "stderr"
    script = PARENT.format(url=database_url, forked=forked, mid_call=mid_call)
    with stderr.open("w") as errors:
        parent = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,  # the child writes here too: it inherits the parent's stderr
            text=True,
            cwd=os.getcwd(),
        )
        try:
            assert parent.stdout is not None
            child = int(parent.stdout.readline())
            if not mid_call:
                parent.send_signal(signal.SIGKILL)
            parent.wait(30)
            assert parent.returncode == -signal.SIGKILL
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and _alive(child):
                time.sleep(0.05)
            assert not _alive(child)
        finally:
            if parent.poll() is None:
                parent.kill()
                parent.wait(10)
            for stream in (parent.stdin, parent.stdout):
                if stream is not None:
                    stream.close()
    assert stderr.read_text() == ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is not alive
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
