"""A pool with a register of any size, written as an operator would write it, for scale tests.

:func:`large_charter` writes the charter; :func:`voted_motion` opens a general motion in an
initialised pool, casts ballots through the real service in the batches the ballot writer sends,
and closes it. The choices follow :func:`choice_of`, so a test can recount them independently.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.bootstrap import Storage
from governance.commands import CastBallot, CloseMotion, InitialisePool, OpenMotion
from governance.kinds import General
from governance.services import cast_ballots, close_motion, initialise_pool, open_motion
from governance.tally import Choice

OPERATOR = "U0OPS1"
BATCH = 500


def member_id(index: int) -> str:
    return f"m{index:05d}"


def representative(index: int) -> str:
    return f"U{index:07d}A"


def patents_of(index: int) -> int:
    return 1 + (index * 37) % 97


def choice_of(index: int) -> Choice:
    """Yes from most, no from many, some abstaining: a close result, not a landslide."""
    return (Choice.YES, Choice.NO, Choice.YES, Choice.NO, Choice.ABSTAIN)[index % 5]


def large_charter(members: int, *, cap: str | None = None) -> str:
    """``members`` licensors with 1–97 patents each, one or two representatives, block style."""
    lines = [
        "version: 1",
        "pool: {name: Large Pool, timezone: Europe/Berlin}",
        f"operator: {{name: Ops, users: [{OPERATOR}]}}",
        "supervisors: {users: [U0SUP1]}",
        "members:",
    ]
    for i in range(members):
        reps = f"[{representative(i)}]" if i % 3 else f"[{representative(i)}, U{i:07d}B]"
        lines += [
            f"  - id: {member_id(i)}",
            f"    name: Licensor Number {i} Holdings Ltd",
            f"    patents: {patents_of(i)}",
            f"    representatives: {reps}",
        ]
    weights = "{basis: patents}" if cap is None else f"{{basis: patents, cap: {cap}}}"
    lines += [
        f"weights: {weights}",
        "motions:",
        "  default: {quorum: 1/2, threshold: 1/2}",
        "  expulsion: {threshold: 3/4, threshold_rule: at_least, recuse: [subject]}",
    ]
    return "\n".join(lines) + "\n"


def initialise(storage: Storage, members: int, now: datetime) -> None:
    initialise_pool(
        InitialisePool(large_charter(members)), storage.uow(), now, storage.parse_charter
    )


def open_general(storage: Storage, now: datetime) -> str:
    command = OpenMotion(OPERATOR, "A general motion", "Be it resolved…", General())
    (opened,) = open_motion(command, storage.uow(), now, storage.parse_charter)
    return opened.motion_id


def cast(storage: Storage, motion_id: str, voters: range, now: datetime) -> None:
    """Ballots from members ``voters``, ``BATCH`` to a transaction; every one recorded."""
    for start in range(voters.start, voters.stop, BATCH):
        commands = [
            CastBallot(motion_id, None, representative(i), choice_of(i), f"{motion_id}-{i}")
            for i in range(start, min(start + BATCH, voters.stop))
        ]
        outcomes = cast_ballots(commands, storage.uow(), now)
        refused = [o for o in outcomes if not isinstance(o, list)]
        assert not refused, refused[:3]


def close(storage: Storage, motion_id: str, now: datetime) -> None:
    close_motion(CloseMotion(motion_id), storage.uow(), now, storage.parse_charter)


def voted_motion(storage: Storage, voters: int, now: datetime) -> str:
    """A general motion on which members ``0 … voters-1`` voted, closed after its period."""
    motion_id = open_general(storage, now)
    cast(storage, motion_id, range(voters), now + timedelta(minutes=1))
    close(storage, motion_id, now + timedelta(days=30))
    return motion_id
