"""``audit verify`` compares every table poolgov counts or shows from with the chain.

One pool holds something in each table (see :mod:`tests.integration.record_pool`). Each case
tampers with it in one way, inside a transaction that is rolled back, and ``verify_database``
must name the table, the row and the field; the untouched pool verifies clean.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.bootstrap import Storage
from bot.cli.app import app
from storage.audit.keys import KEY_ENV
from storage.audit.verify import Checked, verify_database
from tests.integration.conftest import AUDIT_KEY
from tests.integration.helpers import execute, record_is_clean
from tests.integration.record_pool import Motions, build_record_pool


@dataclass(frozen=True)
class Case:
    name: str
    statements: tuple[str, ...]
    table: str
    row: str
    field: str


@pytest.fixture
def record(runtime: Storage) -> tuple[Storage, Motions]:
    return runtime, build_record_pool(runtime)


def check(pool: Storage, *statements: str) -> Checked:
    """``verify_database`` after ``statements``, all in one transaction that is rolled back."""
    with pool.uow() as uow:
        for statement in statements:
            uow.session.connection().exec_driver_sql(statement)
        result = verify_database(uow.session, AUDIT_KEY, None, pool.parse_charter)
        uow.rollback()
    assert isinstance(result, Checked), result
    return result


def cases(m: Motions) -> list[Case]:
    fee, adm, amend, dist, gone, secret = (
        m.fee,
        m.admission,
        m.amendment,
        m.distribution,
        m.withdrawn,
        m.secret,
    )
    failed = m.failed
    return [
        # ballots
        Case(
            "a ballot's choice",
            (f"UPDATE ballots SET choice = 'no' WHERE motion_id = {fee} AND member_id = 'beta'",),
            "ballots",
            f"motion {fee}, member beta, entry {{seq}}",
            "choice",
        ),
        Case(
            "a ballot added for a member that did not vote",
            (
                "INSERT INTO ballots (motion_id, member_id, choice, cast_by, cast_at,"
                " request_key, audit_seq, receipt) SELECT motion_id, 'delta', 'yes', 'U0DELTA1',"
                f" cast_at, 'forged', audit_seq, receipt FROM ballots WHERE motion_id = {secret}"
                " AND member_id = 'beta'",
            ),
            "ballots",
            f"motion {secret}, member delta, entry {{seq}}",
            "row",
        ),
        Case(
            "a deleted superseded ballot",
            (f"DELETE FROM ballots WHERE motion_id = {fee} AND superseded_at IS NOT NULL",),
            "ballots",
            f"motion {fee}, member acme, entry {{seq}}",
            "row",
        ),
        Case(
            "a superseded ballot's time",
            (
                "UPDATE ballots SET superseded_at = cast_at"
                f" WHERE motion_id = {fee} AND choice = 'no'",
            ),
            "ballots",
            f"motion {fee}, member acme, entry {{seq}}",
            "superseded_at",
        ),
        Case(
            "a receipt",
            (
                f"UPDATE ballots SET receipt = '0000-0000-0000' WHERE motion_id = {secret}"
                " AND member_id = 'gamma'",
            ),
            "ballots",
            f"motion {secret}, member gamma, entry {{seq}}",
            "receipt",
        ),
        # the register
        Case(
            "a member's patents",
            ("UPDATE members SET patents = 99 WHERE member_id = 'acme'",),
            "members",
            "member acme",
            "patents",
        ),
        Case(
            "a member inserted",
            (
                "INSERT INTO members (member_id, name, patents, contribution, joined_at)"
                " SELECT 'zeta', 'Zeta', 5, '0', joined_at FROM members WHERE member_id = 'acme'",
            ),
            "members",
            "member zeta",
            "row",
        ),
        Case(
            "an admitted member's contribution",
            ("UPDATE members SET contribution = '7' WHERE member_id = 'omega'",),
            "members",
            "member omega",
            "contribution",
        ),
        Case(
            "a representative added",
            (
                "INSERT INTO representatives (membership_id, user_id, appointed_at)"
                " SELECT id, 'U0MALLORY', joined_at FROM members WHERE member_id = 'beta'",
            ),
            "representatives",
            "member beta, representative U0MALLORY",
            "row",
        ),
        Case(
            "a representative removed",
            ("UPDATE representatives SET removed_at = appointed_at WHERE user_id = 'U0ACME3'",),
            "representatives",
            "member acme, representative U0ACME3",
            "removed_at",
        ),
        Case(
            "a representative deleted",
            ("DELETE FROM representatives WHERE user_id = 'U0OMEGA1'",),
            "representatives",
            "member omega, representative U0OMEGA1",
            "row",
        ),
        Case(
            "a register change's patents",
            ("UPDATE member_changes SET patents = 1 WHERE changed_by IS NOT NULL",),
            "member_changes",
            "member acme, change 2",
            "patents",
        ),
        # charter versions
        Case(
            "a charter version's text",
            ("UPDATE charter_versions SET text = text || '# edited' WHERE version = 2",),
            "charter_versions",
            "version 2",
            "text",
        ),
        Case(
            "a charter version inserted",
            (
                "INSERT INTO charter_versions (version, text, text_hash, effective_at)"
                " SELECT 3, text, text_hash, effective_at FROM charter_versions WHERE version = 2",
            ),
            "charter_versions",
            "version 3",
            "row",
        ),
        # motions
        Case(
            "a result's outcome",
            (
                f'UPDATE motions SET result = replace(result, \'"outcome":"failed"\','
                f' \'"outcome":"carried"\') WHERE id = {failed}',
            ),
            "motions",
            f"motion {failed}",
            "result.outcome",
        ),
        Case(
            "a result's number",
            (
                "UPDATE motions SET result = replace(result, '\"no\":4', '\"no\":3')"
                f" WHERE id = {failed}",
            ),
            "motions",
            f"motion {failed}",
            "result.members.no",
        ),
        Case(
            "a motion's state",
            (f"UPDATE motions SET state = 'carried' WHERE id = {failed}",),
            "motions",
            f"motion {failed}",
            "state",
        ),
        Case(
            "a withdrawn motion reopened",
            (f"UPDATE motions SET state = 'open', closed_at = NULL WHERE id = {gone}",),
            "motions",
            f"motion {gone}",
            "state",
        ),
        Case(
            "a motion's deadline",
            (f"UPDATE motions SET closes_at = opened_at WHERE id = {secret}",),
            "motions",
            f"motion {secret}",
            "closes_at",
        ),
        Case(
            "a motion's frozen rules",
            (
                f"UPDATE motions SET rules = replace(rules, '\"secret\":true', '\"secret\":false')"
                f" WHERE id = {secret}",
            ),
            "motions",
            f"motion {secret}",
            "rules.secret",
        ),
        Case(
            "a motion's title",
            (f"UPDATE motions SET title = 'Something else' WHERE id = {adm}",),
            "motions",
            f"motion {adm}",
            "title",
        ),
        Case(
            "a frozen weight",
            (
                f"UPDATE motion_electorate SET weight = '1/2' WHERE motion_id = {amend}"
                " AND member_id = 'acme'",
            ),
            "motion_electorate",
            f"motion {amend}, member acme",
            "weight",
        ),
        Case(
            "a frozen eligibility",
            (
                f"UPDATE motion_electorate SET eligible = {{true}} WHERE motion_id = {gone}"
                " AND member_id = 'beta'",
            ),
            "motion_electorate",
            f"motion {gone}, member beta",
            "eligible",
        ),
        Case(
            "a frozen member's patents",
            (
                f"UPDATE motion_electorate SET patents = 0 WHERE motion_id = {fee}"
                " AND member_id = 'acme'",
            ),
            "motion_electorate",
            f"motion {fee}, member acme",
            "patents",
        ),
        # fees and distribution rules
        Case(
            "a fee's royalty",
            ("UPDATE fee_schedule SET royalty = '0.01 USD'",),
            "fee_schedule",
            f"motion {fee}",
            "royalty",
        ),
        Case(
            "a distribution rule inserted",
            (
                "INSERT INTO distribution_rules (rule, effective_date, motion_id, recorded_at)"
                " SELECT 'all to acme', effective_date, motion_id, recorded_at FROM fee_schedule",
            ),
            "distribution_rules",
            f"motion {fee}",
            "row",
        ),
        Case(
            "a distribution rule's text",
            ("UPDATE distribution_rules SET rule = 'all to acme'",),
            "distribution_rules",
            f"motion {dist}",
            "rule",
        ),
        # meetings
        Case(
            "a recorded quorum",
            ("UPDATE meeting_attendance SET quorum_met = {false}",),
            "meeting_attendance",
            "occurrence weekly@2027-03-01T10:00",
            "quorum_met",
        ),
        Case(
            "a recorded presence",
            ("UPDATE meeting_attendance SET present = '[\"acme\"]'",),
            "meeting_attendance",
            "occurrence weekly@2027-03-01T10:00",
            "present",
        ),
        Case(
            "an attendance row inserted",
            (
                "INSERT INTO meeting_attendance SELECT 'weekly@2027-03-08T10:00', recorded_at,"
                " present, late, present_weight, quorum_weight, quorum_met, audit_seq, audit_hash"
                " FROM meeting_attendance",
            ),
            "meeting_attendance",
            "occurrence weekly@2027-03-08T10:00",
            "row",
        ),
        # complaints
        Case(
            "a complaint's status",
            ("UPDATE complaints SET status = 'closed'",),
            "complaints",
            "complaint 1",
            "status",
        ),
    ]


def seq_of(pool: Storage, case: Case, m: Motions) -> str:
    """The entry seq in a ballot row's name, read from the untouched table."""
    if "{seq}" not in case.row:
        return case.row
    motion, member = case.row.split(", ")[0][7:], case.row.split(", ")[1][7:]
    order = "ASC" if "superseded" in case.name or "deleted" in case.name else "DESC"
    with pool.reader() as uow:
        if "did not vote" in case.name:
            query = (
                f"SELECT audit_seq FROM ballots WHERE motion_id = {motion} AND member_id = 'beta'"
            )
        else:
            query = (
                f"SELECT audit_seq FROM ballots WHERE motion_id = {motion}"
                f" AND member_id = '{member}' ORDER BY audit_seq {order}"
            )
        seq = uow.session.execute(text(query)).scalars().first()
    return case.row.replace("{seq}", str(seq))


def test_the_untouched_pool_verifies_clean_and_compares_every_table(record):
    pool, _ = record
    result = check(pool)
    assert record_is_clean(result)
    assert result.underived == ()
    assert all(result.compared[t] > 0 for t in TABLES), result.compared


TABLES = (
    "charter_versions",
    "members",
    "member_changes",
    "representatives",
    "motions",
    "motion_electorate",
    "ballots",
    "fee_schedule",
    "distribution_rules",
    "meeting_attendance",
    "complaints",
)


def test_every_tampering_is_named_by_table_row_and_field(record, engine_name):
    pool, motions = record
    truth = {
        "true": "TRUE" if engine_name == "postgres" else "1",
        "false": "FALSE" if engine_name == "postgres" else "0",
    }
    missed = []
    for case in cases(motions):
        row = seq_of(pool, case, motions)
        statements = [
            s.format(**truth) if "{" in s and "{seq}" not in s else s for s in case.statements
        ]
        result = check(pool, *statements)
        named = [(f.table, f.row, f.field) for f in result.findings]
        if (case.table, row, case.field) not in named:
            missed.append(
                (case.name, (case.table, row, case.field), [str(f) for f in result.findings])
            )
    assert missed == []


def test_audit_verify_prints_every_finding_and_exits_1(record, database_url):
    pool, motions = record
    execute(pool, f"UPDATE ballots SET choice = 'yes' WHERE motion_id = {motions.failed}")

    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--database-url", database_url],
        env={KEY_ENV: AUDIT_KEY.decode()},
        catch_exceptions=False,
    )

    assert result.exit_code == 1
    assert "audit chain intact" in result.output
    assert "4 finding(s): the tables differ from the chain" in result.output
    for member in ("acme", "beta", "delta", "omega"):
        assert f"ballots [motion {motions.failed}, member {member}, entry " in result.output
    assert 'choice: the chain says "no" (entry ' in result.output
    assert 'the table holds "yes"' in result.output
