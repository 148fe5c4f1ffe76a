"""Test-only fault points: SIGKILL this process at a named step of sending a notice.

``POOLGOV_TEST_KILL_AT=<point>:<key prefix>`` makes the process kill itself (SIGKILL: no
clean-up, as when a machine dies) the first time it reaches ``<point>`` for a notice whose key
starts with ``<key prefix>``. Points: ``leased`` (the lease is committed, nothing sent yet) and
``sent`` (Slack has the message, it is not marked sent yet), and ``early_close`` with the key
``motion:<id>`` (everyone has voted, the early close is about to run). The SIGKILL tests in
``tests/e2e/test_notices_killed.py`` and ``tests/e2e/test_early_close_sweep.py`` set it; nothing
else does, and production never should.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "POOLGOV_TEST_KILL_AT"
POINTS = ("leased", "sent", "early_close")


def kill_point(point: str, key: str) -> None:
    spec = os.environ.get(VARIABLE)
    if not spec:
        return
    where, _, prefix = spec.partition(":")
    if where == point and key.startswith(prefix):
        os.kill(os.getpid(), signal.SIGKILL)
