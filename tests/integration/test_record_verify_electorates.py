"""Frozen electorates of motions opened on one register are compared inside the database.

The first motion frozen on a register is read and settled; each later one is compared with it
column for column by the database (:func:`storage.record.compare_motions.electorates_settled`).
Whatever is changed in a later motion's electorate still sends the table to the row-by-row
comparison, which names it, and the quick verdict is always the verdict of reading every row.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.bootstrap import Storage
from governance.charter import MotionKind
from storage.audit.log import read_entries
from storage.record.compare_motions import electorates_settled, settled
from storage.record.motions import ELECTORATE_COLUMNS
from storage.record.replay import Replay
from storage.tables import CharterVersionRow, ElectorateRow
from tests.integration.helpers import open_kind, record_is_clean
from tests.integration.meeting_steps import START_MAR_1
from tests.integration.record_pool import Motions
from tests.integration.test_record_verify import check, record  # noqa: F401  (the fixture)


@pytest.fixture
def register_twice(record: tuple[Storage, Motions]) -> tuple[Storage, list[str]]:  # noqa: F811
    """The record pool with two more general motions opened on the register the secret general
    motion froze: three motions, one list of expected rows."""
    pool, motions = record
    later = [
        open_kind(pool, MotionKind.GENERAL, START_MAR_1 + timedelta(hours=n)).motion_id
        for n in (1, 2)
    ]
    return pool, [motions.secret, *later]


def verdicts(pool: Storage, *statements: str) -> tuple[bool, bool, int]:
    """The quick verdict, the verdict of reading every row, and how many motions share their
    rows with an earlier one, after ``statements`` (rolled back)."""
    with pool.uow() as uow:
        session = uow.session
        for statement in statements:
            session.connection().exec_driver_sql(statement)
        texts = dict(
            session.execute(select(CharterVersionRow.version, CharterVersionRow.text)).all()
        )
        replay = Replay(pool.parse_charter, texts)
        for entry in read_entries(session):
            replay.feed(entry)
        motions = list(replay.motions.motions.values())
        table = ElectorateRow.__table__
        columns = [table.c.motion_id, table.c.member_id]
        columns += [table.c[n] for n in ELECTORATE_COLUMNS]
        every_row = select(*columns).order_by(table.c.motion_id, table.c.position)
        slow = settled(session, every_row, [row for m in motions for row in m.frozen])
        quick = electorates_settled(session, motions)
        uow.rollback()
    shared = len(motions) - len({id(m.members) for m in motions})
    return quick, slow, shared


def test_motions_on_one_register_share_their_rows_and_verify_clean(register_twice):
    pool, _ = register_twice
    assert verdicts(pool)[0:2] == (True, True)
    assert verdicts(pool)[2] >= 2
    assert record_is_clean(check(pool))


@pytest.mark.parametrize("where", ["later", "first"])
def test_a_changed_frozen_member_of_a_motion_on_a_shared_register_is_named(register_twice, where):
    pool, (first, _, third) = register_twice
    motion = third if where == "later" else first
    result = check(
        pool,
        f"UPDATE motion_electorate SET name = 'Forged' WHERE motion_id = {motion}"
        " AND member_id = 'beta'",
    )
    named = {(f.table, f.row, f.field, f.stored) for f in result.findings}
    assert named == {("motion_electorate", f"motion {motion}, member beta", "name", '"Forged"')}


EXTRA = (  # a member the register never held, as a copy of another's row
    "INSERT INTO motion_electorate (motion_id, member_id, position, weight, eligible, name,"
    " patents, contribution, representatives) SELECT motion_id, 'zeta', position, weight,"
    " eligible, name, patents, contribution, representatives FROM motion_electorate"
    " WHERE motion_id = {later} AND member_id = 'beta'"
)
TAMPERS = [
    "UPDATE motion_electorate SET name = 'Forged' WHERE motion_id = {later} AND member_id = 'beta'",
    "UPDATE motion_electorate SET representatives = '[ ]' WHERE motion_id = {later}"
    " AND member_id = 'acme'",
    "UPDATE motion_electorate SET weight = weight || ' ' WHERE motion_id = {later}"
    " AND member_id = 'acme'",
    "UPDATE motion_electorate SET eligible = NOT eligible WHERE motion_id = {later}"
    " AND member_id = 'gamma'",
    "UPDATE motion_electorate SET patents = patents + 1 WHERE motion_id = {later}",
    "UPDATE motion_electorate SET position = position + 1 WHERE motion_id = {later}",
    "UPDATE motion_electorate SET name = 'Forged' WHERE motion_id = {first} AND member_id = 'beta'",
    "DELETE FROM motion_electorate WHERE motion_id = {later} AND member_id = 'delta'",
    EXTRA,
    "UPDATE motion_electorate SET contribution = '0' || contribution WHERE motion_id = {later}",
]


@pytest.mark.parametrize("tamper", TAMPERS)
def test_the_quick_verdict_is_the_verdict_of_reading_every_row(register_twice, tamper):
    pool, (first, _, later) = register_twice
    quick, slow, _ = verdicts(pool, tamper.format(first=first, later=later))
    assert quick == slow
    assert not quick


def test_a_row_for_a_member_the_register_never_held_is_named(register_twice):
    pool, (first, _, later) = register_twice
    result = check(pool, EXTRA.format(first=first, later=later))
    named = {(f.table, f.row, f.field) for f in result.findings}
    assert named == {("motion_electorate", f"motion {later}, member zeta", "row")}
