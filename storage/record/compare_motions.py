"""The motion tables against the replayed chain: motions, frozen electorates, ballots, and what
carried motions recorded (the fee schedule and the distribution rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Select, and_, distinct, func, select
from sqlalchemy.orm import Session

from storage.driver import as_driver_returns, batches, unchanged
from storage.record.ballots import COLUMNS as BALLOT_COLUMNS
from storage.record.findings import Expected, Findings
from storage.record.motions import ELECTORATE_COLUMNS, MotionRecord
from storage.record.replay import Replay
from storage.record.stored import document, rational, rows
from storage.tables import (
    BallotRow,
    DistributionRuleRow,
    ElectorateRow,
    FeeScheduleRow,
    MotionRow,
)


def settled(
    session: Session,
    query: Select[Any],
    expected: Iterable[tuple[Any, ...]],
    in_driver_form: bool = False,
) -> bool:
    """Whether a table's rows, read by ``query`` in its order, are exactly ``expected``.

    The usual case, an intact table, decided with one list comparison per batch and no object
    per row: the rows come from the driver as tuples (:mod:`storage.driver`), and where the
    driver returns instants as SQLite's text, the expected instants are written that way.
    ``in_driver_form`` says the expected rows are written that way already.
    ``False`` sends the table to the row-by-row comparison that names each difference. Equal
    here means equal value for value, which the row-by-row comparison would find equal too.
    """
    connection = session.connection()
    driver_form: Callable[[tuple[Any, ...]], tuple[Any, ...]] = unchanged
    if not in_driver_form:
        driver_form = as_driver_returns(connection, query.selected_columns)
    wanted = iter(expected) if driver_form is unchanged else map(driver_form, expected)
    for part in batches(connection, query, SETTLE_BATCH):
        if part != list(islice(wanted, len(part))):
            return False
    return next(wanted, None) is None


SETTLE_BATCH = 20_000  # rows read and compared at a time


def has_shown_at() -> bool:
    """Whether the motions table has the ``shown_at`` column (added with the notice outbox)."""
    return "shown_at" in MotionRow.__table__.c


def compare_motions(session: Session, replay: Replay, findings: Findings) -> None:
    motions = replay.motions.motions
    _motions(session, {k: m.row for k, m in motions.items()}, findings)
    _electorate(session, replay, findings)
    _ballots(session, replay, findings)
    _fees(session, replay.motions.fees, findings)
    _distributions(session, replay.motions.distributions, findings)


def _motions(session: Session, expected: dict[int, Expected], findings: Findings) -> None:
    table = MotionRow.__table__
    shown = has_shown_at()

    def stored() -> Iterator[tuple[int, dict[str, Any]]]:
        for r in rows(session, select(table).order_by(table.c.id)):
            values = {
                "kind": r.kind,
                "title": r.title,
                "text": r.text,
                "payload": document(r.payload),
                "rules": document(r.rules),
                "charter_version": r.charter_version,
                "opened_by": r.opened_by,
                "opened_at": r.opened_at,
                "closes_at": r.closes_at,
                "state": r.state,
                "closed_at": r.closed_at,
                "close_reason": r.close_reason,
                "result": document(r.result),
                "audit_head": r.audit_head,
            }
            if shown:
                values["shown_at"] = r.shown_at
            yield r.id, values

    findings.compare("motions", expected, stored(), lambda k: f"motion {k}")


def _electorate(session: Session, replay: Replay, findings: Findings) -> None:
    table = ElectorateRow.__table__
    order = (table.c.motion_id, table.c.position)
    motions = replay.motions.motions.values()
    if electorates_settled(session, motions):
        findings.count("motion_electorate", sum(len(m.members) for m in motions))
        return
    expected = {
        (k, member): row
        for k, m in replay.motions.motions.items()
        for member, row in m.electorate.items()
    }
    stored = (
        (
            (r.motion_id, r.member_id),
            {
                "position": r.position,
                "weight": rational(r.weight),
                "eligible": bool(r.eligible),
                "name": r.name,
                "patents": r.patents,
                "contribution": rational(r.contribution),
                "representatives": document(r.representatives),
            },
        )
        for r in rows(session, select(table).order_by(*order))
    )
    findings.compare(
        "motion_electorate", expected, stored, lambda k: f"motion {k[0]}, member {k[1]}"
    )


def electorates_settled(session: Session, motions: Iterable[MotionRecord]) -> bool:
    """Whether the frozen electorates are exactly the ones the replay froze (``motions`` in
    motion order), decided without reading most of them.

    Motion after motion freezes the same register, and the replay then gives them one list of
    rows (:attr:`~storage.record.motions.MotionRecord.members`). The first motion frozen on each
    register is read and settled as a table is (:func:`settled`). Each later motion on it is
    compared with that first motion inside the database, column for column: as many of its
    members as the register holds must have a row equal to the first motion's row for the same
    member (``IS NOT DISTINCT FROM``: nothing converted, NULL equal only to NULL), and the table
    must hold no row beyond the ones expected. Each later motion then holds exactly the first
    one's rows, which are the expected ones. ``False`` leaves the table to the comparison that
    names each difference.
    """
    table = ElectorateRow.__table__
    c = table.c
    firsts: dict[int, MotionRecord] = {}  # each register's list of rows → its first motion
    later: dict[int, list[int]] = {}  # each register's list → the motions frozen on it since
    rows = 0
    for record in motions:
        rows += len(record.members)
        first = firsts.setdefault(id(record.members), record)
        if first is not record:
            later.setdefault(id(record.members), []).append(record.motion_id)
    columns = [c.motion_id, c.member_id, *(c[n] for n in ELECTORATE_COLUMNS)]
    read = [first.motion_id for first in firsts.values()]
    query = select(*columns).where(c.motion_id.in_(read)).order_by(c.motion_id, c.position)
    if read and not settled(session, query, (row for m in firsts.values() for row in m.frozen)):
        return False
    connection = session.connection()
    same = table.alias("first_motion")
    for register, others in later.items():
        first = firsts[register]
        held = (
            select(c.motion_id, func.count(distinct(c.member_id)))
            .join_from(
                table,
                same,
                and_(same.c.motion_id == first.motion_id, same.c.member_id == c.member_id),
            )
            .where(c.motion_id.in_(others))
            .where(*(c[n].is_not_distinct_from(same.c[n]) for n in ELECTORATE_COLUMNS))
            .group_by(c.motion_id)
        )
        members = len(first.members)
        counts: dict[int, int] = {m: n for m, n in connection.execute(held)}
        if any(counts.get(motion) != members for motion in others):
            return False
    stored = connection.execute(select(func.count()).select_from(table)).scalar_one()
    return bool(stored == rows)


def _ballots(session: Session, replay: Replay, findings: Findings) -> None:
    table = BallotRow.__table__
    columns = [table.c.motion_id, table.c.member_id, table.c.audit_seq]
    columns += [table.c[name] for name in BALLOT_COLUMNS]
    ballots = replay.ballots
    query = select(*columns).order_by(table.c.id)
    if settled(session, query, ballots.rows, ballots.in_driver_form):
        findings.count("ballots", len(ballots.rows))
        return
    expected = ballots.ballots
    short = ballots.short_receipts()

    def stored() -> Iterator[tuple[tuple[int, str, int], dict[str, Any]]]:
        for r in rows(session, select(table).order_by(table.c.id)):
            key = (r.motion_id, r.member_id, r.audit_seq)
            receipt = r.receipt
            if key in expected and receipt == short[key]:  # an older, shorter receipt
                receipt = expected[key].values["receipt"]
            yield (
                key,
                {
                    "choice": r.choice,
                    "cast_by": r.cast_by,
                    "cast_at": r.cast_at,
                    "superseded_at": r.superseded_at,
                    "request_key": r.request_key,
                    "receipt": receipt,
                },
            )

    findings.compare(
        "ballots", expected, stored(), lambda k: f"motion {k[0]}, member {k[1]}, entry {k[2]}"
    )


def _fees(session: Session, expected: dict[int, Expected], findings: Findings) -> None:
    table = FeeScheduleRow.__table__
    stored = (
        (
            r.motion_id,
            {
                "product_category": r.product_category,
                "royalty": r.royalty,
                "effective_date": r.effective_date,
                "basis": document(r.basis),
                "recorded_at": r.recorded_at,
            },
        )
        for r in rows(session, select(table).order_by(table.c.id))
    )
    findings.compare("fee_schedule", expected, stored, lambda k: f"motion {k}")


def _distributions(session: Session, expected: dict[int, Expected], findings: Findings) -> None:
    table = DistributionRuleRow.__table__
    stored = (
        (
            r.motion_id,
            {"rule": r.rule, "effective_date": r.effective_date, "recorded_at": r.recorded_at},
        )
        for r in rows(session, select(table).order_by(table.c.id))
    )
    findings.compare("distribution_rules", expected, stored, lambda k: f"motion {k}")
