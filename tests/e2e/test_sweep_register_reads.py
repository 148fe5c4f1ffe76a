"""The sweep, with nothing due, never reads the register: at a large register that read is the
sweep's largest cost in time and in memory (its peak stays with the server), and the sweep runs
every minute. The meetings' calendar reads the charter's rules only."""

from __future__ import annotations

from pathlib import Path

from bot.jobs import sweep
from bot.jobs_meetings import sweep_meetings
from bot.sandbox import FakeSlack
from tests.e2e.fanout_pool import fanout_bot, open_general
from tests.e2e.pool import USERS


def test_the_sweep_reads_no_register_when_nothing_is_due(
    sqlite_url: str, tmp_path: Path, register_reads: list[int]
) -> None:
    with FakeSlack(users=USERS) as fake, fanout_bot(fake, sqlite_url, tmp_path, 20) as (bot, _):
        open_general(bot)  # an open motion: its vote reminders are part of the sweep
        register_reads.clear()
        sweep_meetings(bot.runtime)
        assert register_reads == []
        sweep(bot.runtime)  # the whole sweep, of which the meeting sweep is one part
        assert register_reads == []
