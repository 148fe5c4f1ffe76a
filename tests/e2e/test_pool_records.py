"""What the pool decided, through signed HTTP: a carried distribution change and fee change show
in `/pool distribution`, `/pool decisions [--kind K]` and `/pool motion ID`."""

from __future__ import annotations

from bot.sandbox import payloads
from tests.e2e.conftest import Harness
from tests.e2e.flows import closed, eventually, motion_id_of, open_motion, pool_says, vote_all
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA

EVERYONE_YES = {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"}


def test_carried_changes_show_as_decisions_and_the_rule_in_force(pool: Harness) -> None:
    split = open_motion(
        pool,
        "distribution_change",
        {
            "title": "Share by essential patents",
            "current_rule": "equal shares",
            "proposed_rule": "in proportion to essential patents",
            "effective_date": payloads.datepicker("2026-01-01"),
        },
    )
    vote_all(pool, split, EVERYONE_YES)
    closed(pool, split)
    later = open_motion(
        pool,
        "distribution_change",
        {
            "title": "Half equal",
            "proposed_rule": "half equal, half by patents",
            "effective_date": payloads.datepicker("2099-01-01"),
        },
    )
    vote_all(pool, later, EVERYONE_YES)
    closed(pool, later)
    split_id, later_id = motion_id_of(split), motion_id_of(later)

    shown = pool_says(pool, GAMMA, "distribution")
    assert f"set by motion {split_id}:\\nin proportion to essential patents" in shown
    assert "Decided, not yet in force" in shown
    assert f"From 2099-01-01 (motion {later_id}): half equal, half by patents" in shown

    decisions = pool_says(pool, GAMMA, "decisions --kind distribution_change")
    assert decisions.index(f"*{later_id}* Half equal") < decisions.index(f"*{split_id}* Share")
    assert "in effect from 2026-01-01" in decisions
    assert "Revenue distribution change" in decisions
    everything = pool_says(pool, GAMMA, "decisions")
    assert f"*{split_id}*" in everything

    record = pool_says(pool, GAMMA, f"motion {split_id}")
    assert "*State*: carried" in record
    assert "*In effect from* 2026-01-01" in record
    assert "*Rule*: Carried if at least 2/3 of votes cast (yes and no) by weight" in record
    assert "*Result*: yes 100.0%" in record
    assert "Say which motion" in pool_says(pool, GAMMA, "motion twelve")
    before = len(pool.fake.ephemerals(GAMMA))
    pool.slack.slash_command(GAMMA, "/pool", "motion 999")
    refusal = eventually(lambda: pool.fake.ephemerals(GAMMA)[before:])
    assert "There is no motion 999." in refusal[0].text
