"""An intact table is settled with one comparison; anything else is compared row by row.

The quick comparison looks at the values as the table stores them, so a value written another
way but meaning the same (a ratio with a leading zero, a ballot's older 12-digit receipt) sends
the table to the row-by-row comparison, which finds nothing, as it always did; and a value
changed in a table settled quickly when intact is still named by its row and field.
"""

from __future__ import annotations

from tests.integration.helpers import record_is_clean
from tests.integration.test_record_verify import check, record  # noqa: F401  (the fixture)


def test_values_written_another_way_but_equal_are_no_finding(record):  # noqa: F811
    pool, _ = record
    clean = check(pool)
    result = check(
        pool,
        "UPDATE motion_electorate SET contribution = '0' || contribution",
        "UPDATE motion_electorate SET weight = '0' || weight",
        "UPDATE ballots SET receipt = substr(receipt, 1, 14)",  # the receipt as it was before
        "UPDATE members SET contribution = '0' || contribution",
        "UPDATE member_changes SET contribution = '0' || contribution",
    )
    assert record_is_clean(result), [str(f) for f in result.findings]
    assert result.compared == clean.compared


def test_a_changed_frozen_member_in_an_otherwise_intact_electorate_is_named(record):  # noqa: F811
    pool, motions = record
    result = check(
        pool,
        "UPDATE motion_electorate SET name = 'Forged'"
        f" WHERE motion_id = {motions.fee} AND member_id = 'beta'",
        f"UPDATE ballots SET cast_by = 'U0FORGED' WHERE motion_id = {motions.fee}"
        " AND member_id = 'gamma'",
        "UPDATE representatives SET user_id = 'U0FORGED' WHERE user_id = 'U0OMEGA1'",
    )
    named = {(f.table, f.row, f.field, f.stored) for f in result.findings}
    assert ("motion_electorate", f"motion {motions.fee}, member beta", "name", '"Forged"') in named
    assert any(
        (table, field, stored) == ("ballots", "cast_by", '"U0FORGED"')
        and row.startswith(f"motion {motions.fee}, member gamma, entry ")
        for table, row, field, stored in named
    ), named
    assert any(t == "representatives" and "U0FORGED" in row for t, row, _, _ in named), named
    assert result.found == 4  # the forged seat is unexplained, the real one missing


def test_an_instant_written_another_way_but_equal_is_no_finding(record):  # noqa: F811
    pool, _ = record
    clean = check(pool)
    if pool.engine.dialect.name == "sqlite":  # the driver returns SQLite's instants as text
        rewrite = "UPDATE ballots SET cast_at = substr(cast_at, 1, 19)"  # no microseconds
    else:
        rewrite = "UPDATE ballots SET cast_at = cast_at"  # PostgreSQL's driver returns instants
    result = check(pool, rewrite, "UPDATE members SET joined_at = joined_at")
    assert record_is_clean(result), [str(f) for f in result.findings]
    assert result.compared == clean.compared


def test_an_instant_moved_by_a_microsecond_in_an_intact_table_is_named(record):  # noqa: F811
    pool, motions = record
    if pool.engine.dialect.name == "sqlite":
        moved = "substr(cast_at, 1, 19) || '.000001'"
    else:
        moved = "cast_at + interval '1 microsecond'"
    result = check(
        pool,
        f"UPDATE ballots SET cast_at = {moved} WHERE motion_id = {motions.fee}"
        " AND member_id = 'beta'",
    )
    named = {(f.table, f.row.split(", entry ")[0], f.field) for f in result.findings}
    assert named == {("ballots", f"motion {motions.fee}, member beta", "cast_at")}
    assert result.found == 1
