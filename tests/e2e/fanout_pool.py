"""A large pool for DM fan-out: ``members`` members with two representatives each, and a motion
open in it whose vote reminder falls due when the clock says so. Shared with bench/fanout.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.runner import PoolBot
from bot.sandbox import FakeSlack
from governance.commands import CastBallot, OpenMotion
from governance.kinds import General
from governance.services import cast_ballot, open_motion
from governance.tally import Choice
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import settings_for

OPERATOR = "U0OPS1"
OPENED = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


def member(n: int) -> str:
    return f"m{n:04d}"


def representatives(n: int) -> list[str]:
    return [f"U0M{n:04d}A", f"U0M{n:04d}B"]


def big_charter(members: int) -> str:
    lines = [
        "version: 1",
        "pool: {name: Fan-out Pool, timezone: Europe/Berlin}",
        f"operator: {{name: PoolOps, users: [{OPERATOR}]}}",
        "supervisors: {users: [U0SUPER1]}",
        "members:",
    ]
    for n in range(members):
        reps = ", ".join(representatives(n))
        lines.append(
            f"  - {{id: {member(n)}, name: Member {n}, patents: 1, representatives: [{reps}]}}"
        )
    lines += ["weights: {basis: equal}", "motions:", "  default: {voting_period: 7d}"]
    return "\n".join(lines) + "\n"


@contextmanager
def fanout_bot(
    fake: FakeSlack, url: str, tmp_path: Path, members: int, **settings: object
) -> Iterator[tuple[PoolBot, HandClock]]:
    clock = HandClock(OPENED)
    config = settings_for(fake, url, tmp_path, **settings)
    assert config.charter_path is not None
    config.charter_path.write_text(big_charter(members), encoding="utf-8")
    with PoolBot(config, clock=clock) as bot:
        yield bot, clock


def open_general(bot: PoolBot) -> tuple[str, datetime]:
    storage = bot.storage
    command = OpenMotion(OPERATOR, "Adopt the budget", "Resolved.", General())
    (opened,) = open_motion(command, storage.uow(), OPENED, storage.parse_charter)
    return opened.motion_id, opened.closes_at


def vote_for(bot: PoolBot, motion_id: str, n: int) -> None:
    command = CastBallot(motion_id, member(n), representatives(n)[0], Choice.YES, f"k{n}")
    cast_ballot(command, bot.storage.uow(), OPENED + timedelta(hours=1))
