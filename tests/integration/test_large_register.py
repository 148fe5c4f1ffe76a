"""A register of 10,000 members on SQLite: the charter checks, init, a close, the export, a recount.

One pool is built for the module (init, a general motion, 8,000 ballots in writer-sized batches,
the close); each test looks at one thing it must get right. The recount here is independent of
poolgov's tally: integer patent sums, the charter's rules worked out by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.bootstrap import Storage, build
from bot.cli.app import app
from governance.charter import MotionKind
from governance.services.queries import get_motion
from governance.services.results import tally_json
from governance.tally import Choice
from migrations.runner import upgrade
from storage.audit.verify import Checked, verify_database
from storage.tables import BallotRow, MembershipRow, RepresentativeRow
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.test_export import export, recount
from tests.large_register import (
    choice_of,
    initialise,
    large_charter,
    member_id,
    patents_of,
    voted_motion,
)

MEMBERS = 10_000
VOTERS = 8_000


@dataclass(frozen=True)
class LargePool:
    storage: Storage
    database_url: str
    motion_id: str
    directory: Path  # where the motion is exported


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LargePool]:
    root = tmp_path_factory.mktemp("large")
    url = f"sqlite:///{root / 'poolgov.db'}"
    upgrade(url)
    with build(url, audit_key=AUDIT_KEY) as storage:
        initialise(storage, MEMBERS, NOW)
        motion_id = voted_motion(storage, VOTERS, NOW + timedelta(hours=1))
        yield LargePool(storage, url, motion_id, root / "export")


def independent_recount() -> dict[str, object]:
    """Weights are patents over all patents (no cap); quorum 1/2 of the weight; yes > no."""
    total = sum(patents_of(i) for i in range(MEMBERS))
    sums = dict.fromkeys(Choice, 0)
    heads = dict.fromkeys(Choice, 0)
    for i in range(VOTERS):
        sums[choice_of(i)] += patents_of(i)
        heads[choice_of(i)] += 1
    taking_part = sum(sums.values())
    quorum = 2 * taking_part >= total
    carried = sums[Choice.YES] > sums[Choice.NO]
    return {
        "outcome": ("carried" if carried else "failed") if quorum else "no_quorum",
        "totals": {c.value: Fraction(sums[c], total) for c in Choice}
        | {"not_voted": Fraction(total - taking_part, total), "eligible": Fraction(1)},
        "members": {c.value: heads[c] for c in Choice}
        | {"not_voted": MEMBERS - VOTERS, "eligible": MEMBERS},
        "weights": {member_id(i): Fraction(patents_of(i), total) for i in range(MEMBERS)},
    }


def as_numbers(result: dict[str, object]) -> dict[str, object]:
    totals = result["totals"]
    weights = result["weights"]
    assert isinstance(totals, dict)
    assert isinstance(weights, dict)
    return {
        "outcome": result["outcome"],
        "totals": {name: Fraction(value) for name, value in totals.items()},
        "members": result["members"],
        "weights": {member: Fraction(value) for member, value in weights.items()},
    }


def test_charter_check_passes_on_a_10000_member_register(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text(large_charter(MEMBERS), encoding="utf-8")
    result = CliRunner().invoke(app, ["charter", "check", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "10000" in result.output.replace(",", "")


def test_init_records_every_member_and_every_representative(large: LargePool) -> None:
    with large.storage.reader() as uow:
        members = uow.session.scalar(select(func.count()).select_from(MembershipRow))
        seats = uow.session.scalar(select(func.count()).select_from(RepresentativeRow))
        register = uow.register.current()
    assert members == MEMBERS
    assert seats == MEMBERS + (MEMBERS + 2) // 3  # every third member has a second person
    assert [m.id for m in register] == [member_id(i) for i in range(MEMBERS)]
    assert register[4_242].patents == patents_of(4_242)


def test_the_close_matches_an_independent_recount(large: LargePool) -> None:
    view = get_motion(large.storage.reader(), large.motion_id)
    assert view.result is not None
    recorded = tally_json(view.motion.kind, view.result)
    assert as_numbers(recorded) == independent_recount()
    assert len(recorded["electorate"]) == MEMBERS
    with large.storage.reader() as uow:
        ballots = uow.session.scalar(select(func.count()).select_from(BallotRow))
    assert ballots == VOTERS


def test_the_export_and_tally_json_reproduce_the_result(large: LargePool) -> None:
    export(large.database_url, large.motion_id, large.directory)
    recorded = json.loads((large.directory / "result.json").read_text(encoding="utf-8"))
    view = get_motion(large.storage.reader(), large.motion_id)
    assert view.result is not None
    assert recorded == tally_json(view.motion.kind, view.result)
    assert recount(large.directory, MotionKind.GENERAL, None) == recorded
    ballots = (large.directory / "ballots.csv").read_text(encoding="utf-8").splitlines()
    assert len(ballots) == 1 + VOTERS
    assert ballots[1] == f"{member_id(0)},{choice_of(0).value}"


def test_audit_verify_finds_the_large_record_clean(large: LargePool) -> None:
    with large.storage.reader() as uow:
        checked = verify_database(uow.session, AUDIT_KEY, None, large.storage.parse_charter)
    assert isinstance(checked, Checked), checked
    assert checked.clean, checked.findings[:3]
