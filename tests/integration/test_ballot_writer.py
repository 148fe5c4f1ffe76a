"""The ballot writer process: it records and refuses as the service does, survives its own
death, and does not outlive a parent killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from bot.ballot_writer import BallotWriterProcess, WriterFault
from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.errors import NotAuthorised
from governance.services.queries import get_motion
from governance.tally import Choice
from tests.integration.charters import representative
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import open_kind


def test_the_child_records_a_batch_and_sends_back_each_answer_and_refusal(pool, database_url):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    writer = BallotWriterProcess(database_url, AUDIT_KEY)
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


def test_a_killed_child_fails_only_the_call_it_held_and_is_replaced(pool, database_url):
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    writer = BallotWriterProcess(database_url, AUDIT_KEY)
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


@pytest.mark.parametrize("engine_name", ["sqlite"])
def test_the_child_exits_when_its_parent_is_killed(database_url, tmp_path):
    script = textwrap.dedent(
        f"""
        import time
        from bot.ballot_writer import BallotWriterProcess, WriterFault
        writer = BallotWriterProcess({database_url!r}, b"k")
        print(writer.pid(), flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        if parent.stdout is not None:
            parent.stdout.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is not alive
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
