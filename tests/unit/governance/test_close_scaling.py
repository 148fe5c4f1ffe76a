"""Closing a motion is linear in its register: 10× the members, at most ~15× the operations.

Counted, never timed: every call the close makes (see :mod:`tests.op_count`) and every
comparison made with a member id, which a scan of a tuple makes without a call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.charter import Member, MotionKind, MotionRules, Weights
from governance.electorate import freeze_electorate
from governance.kinds import General
from governance.motion import Motion
from governance.services.results import tally_json, tally_record
from governance.tally import Choice
from tests.op_count import GROWTH_ALLOWED, CountingId, Operations

OPENED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def close_costs(size: int) -> tuple[int, int]:
    """(calls, id comparisons) of closing a motion of ``size`` members, 4 in 5 of them voting."""
    ids = [CountingId(f"member-{i:05d}") for i in range(size)]
    register = [Member(id=m, name=f"{m} Ltd", patents=1 + i % 7) for i, m in enumerate(ids)]
    rules = MotionRules()
    motion = Motion(
        id="1",
        kind=MotionKind.GENERAL,
        title="A motion",
        text="Be it resolved.",
        payload=General(),
        rules=rules,
        electorate=freeze_electorate(register, Weights(), rules),
        charter_version=1,
        opened_at=OPENED,
        closes_at=OPENED + timedelta(days=7),
        shown_at=OPENED,
    )
    choices = (Choice.YES, Choice.NO, Choice.YES, Choice.ABSTAIN)
    ballots: dict[str, Choice] = {m: choices[i % 4] for i, m in enumerate(ids) if i % 5}
    CountingId.compared = 0
    with Operations() as operations:
        closed, tally = motion.close(ballots, OPENED + timedelta(days=8))
        tally_record(closed.kind, tally)
        tally_json(closed.kind, tally)
    return operations.count, CountingId.compared


def test_closing_with_ten_times_the_members_costs_at_most_fifteen_times_the_operations() -> None:
    small_calls, small_compared = close_costs(300)
    large_calls, large_compared = close_costs(3_000)
    assert large_calls > 9 * small_calls  # the probe sees the per-member work at all
    assert large_calls <= GROWTH_ALLOWED * small_calls, (small_calls, large_calls)
    assert large_compared <= GROWTH_ALLOWED * max(small_compared, 1), (
        small_compared,
        large_compared,
    )


def test_the_probe_sees_a_scan_of_a_tuple() -> None:
    ids = tuple(CountingId(f"m{i}") for i in range(1_000))
    CountingId.compared = 0
    assert all(m in ids for m in ids[-10:])
    assert CountingId.compared > 9_000
    CountingId.compared = 0
    assert all(m in frozenset(ids) for m in ids[-10:])
    assert CountingId.compared < 100
