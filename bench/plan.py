"""The burst: which representative clicks what, in what order, and which clicks are re-delivered.

Every member's representative clicks once; the remaining distinct clicks are second clicks of the
same choice by some of them (a double click: a new ``action_ts``); a share of the burst are exact
re-deliveries of an earlier click (same body, same ``action_ts``, same ``response_url``), each
placed after the click it repeats.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.slack.motion_blocks import BALLOT_ACTIONS

ACTIONS = tuple(BALLOT_ACTIONS.values())


@dataclass(frozen=True)
class Voter:
    member_id: str
    user: str


@dataclass(frozen=True)
class PlannedClick:
    """One delivery of distinct click ``distinct``; ``original`` False for a re-delivery."""

    distinct: int  # index of the distinct click (the request body) this delivery sends
    voter: Voter
    action_id: str
    action_ts: str
    original: bool


def duplicates_in(clicks: int, share: float) -> int:
    return round(clicks * share)


def plan_clicks(
    voters: Sequence[Voter],
    clicks: int,
    *,
    duplicate_share: float = 0.2,
    seed: int = 2027,
    epoch: int = 1_700_000_000,
) -> list[PlannedClick]:
    """``clicks`` deliveries in sending order; every voter clicks at least once.

    ``epoch`` is the first click's ``action_ts`` second: plans with different epochs never share
    a click (a request key), so each round of a bench is new to poolgov.
    """
    duplicates = duplicates_in(clicks, duplicate_share)
    distinct_count = clicks - duplicates
    if distinct_count < len(voters):
        raise ValueError(
            f"{clicks} clicks with {duplicates} re-deliveries leave {distinct_count} distinct "
            f"clicks, fewer than the {len(voters)} members who must each vote"
        )
    rng = random.Random(seed)
    choice = {v.member_id: rng.choice(ACTIONS) for v in voters}
    who = list(voters) + [rng.choice(voters) for _ in range(distinct_count - len(voters))]
    rng.shuffle(who)
    distinct = [
        PlannedClick(i, v, choice[v.member_id], f"{epoch + i}.{i % 1_000_000:06d}", True)
        for i, v in enumerate(who)
    ]
    # Each click sits at its index; a re-delivery lands somewhere after the click it repeats.
    placed: list[tuple[float, PlannedClick]] = [(float(c.distinct), c) for c in distinct]
    for _ in range(duplicates):
        first = rng.choice(distinct)
        at = rng.uniform(first.distinct + 0.01, float(distinct_count))
        placed.append(
            (at, PlannedClick(first.distinct, first.voter, first.action_id, first.action_ts, False))
        )
    placed.sort(key=lambda item: item[0])
    return [click for _, click in placed]
