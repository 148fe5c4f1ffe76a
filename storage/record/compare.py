"""The tables compared with the replayed chain, one table after another.

The large tables (memberships, their history and seats, frozen electorates, ballots) are first
read as plain tuples and compared, as a whole, with the rows the replay expects in the form the
table stores them: an intact table is settled by that one comparison. Of the frozen electorates,
only the first motion frozen on each register is read; the database compares every later motion
on that register with it (:func:`storage.record.compare_motions.electorates_settled`). Any
other table, and any table that differs in any way (even only in how a value is written), is
streamed in its own order and matched to the expected rows by its natural key (a motion id, a
member id and which membership, a ballot's motion, member and entry…), and every difference is
named. The motion tables are compared in :mod:`storage.record.compare_motions`, and
the register in :mod:`storage.record.compare_register`; this module holds the charter versions,
meetings and complaints, and :func:`compare_tables`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import FromClause, select
from sqlalchemy.orm import Session

from storage.record.compare_motions import compare_motions
from storage.record.compare_register import compare_register
from storage.record.findings import Expected, Findings
from storage.record.proxies import compare_proxies
from storage.record.register import text_hash
from storage.record.replay import Replay
from storage.record.stored import document, rational, rows
from storage.sealing import digest
from storage.tables import CharterVersionRow
from storage.tables_actions import FollowUpActionRow
from storage.tables_complaints import ComplaintRow
from storage.tables_meetings import AttendanceRow
from storage.tables_minutes import MinutesCorrectionRow, MinutesReviewRow
from storage.tables_register import ConflictDeclarationRow


def compare_tables(session: Session, replay: Replay) -> Findings:
    """Every difference between the compared tables and what ``replay`` expects."""
    findings = Findings()
    for seq, problem in replay.unreadable:
        findings.unreadable(seq, problem)
    _charters(session, replay, findings)
    compare_register(session, replay, findings)
    compare_motions(session, replay, findings)
    _attendance(session, replay, findings)
    _complaints(session, replay, findings)
    _actions(session, replay, findings)
    compare_proxies(session, replay.proxies, findings)
    _minutes(session, replay, findings)
    _declarations(session, replay, findings)
    return findings


def _charters(session: Session, replay: Replay, findings: Findings) -> None:
    expected: dict[int, Expected] = {}
    for version, row in replay.register.charters.items():
        expected[version] = Expected(row.seq, dict(row.values), dict(row.sources))
        expected[version].set(row.sources["text_hash"], text=row.values["text_hash"])
    compare_table(session, findings, CHARTERS, expected)


Read = Callable[[Any], Any]


def _as_stored(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class TableCheck:
    """How one table is compared: its name in the findings, the natural key of a row, the order
    it is streamed in, each compared column with how its value is read, and a key's wording."""

    name: str
    table: FromClause
    key: Callable[[Any], Any]
    order: tuple[str, ...]
    columns: Mapping[str, Read]
    label: Callable[[Any], str]


def _columns(plain: str, **read: Read) -> dict[str, Read]:
    """The columns compared as stored (named in ``plain``, separated by spaces), then those
    ``read`` names with how each is read."""
    return {**dict.fromkeys(plain.split(), _as_stored), **read}


def compare_table(
    session: Session, findings: Findings, check: TableCheck, expected: Mapping[Any, Expected]
) -> None:
    """``check``'s table streamed in its order and matched, row by row, to ``expected``."""
    table = check.table
    stored = (
        (check.key(r), {name: read(getattr(r, name)) for name, read in check.columns.items()})
        for r in rows(session, select(table).order_by(*(table.c[c] for c in check.order)))
    )
    findings.compare(check.name, expected, stored, check.label)


CHARTERS = TableCheck(
    "charter_versions",
    CharterVersionRow.__table__,
    lambda r: r.version,
    ("version",),
    _columns("text_hash effective_at carried_by_motion_id", text=text_hash),
    lambda k: f"version {k}",
)
ATTENDANCE = TableCheck(
    "meeting_attendance",
    AttendanceRow.__table__,
    lambda r: r.occurrence_key,
    ("occurrence_key",),
    _columns(
        "recorded_at audit_seq audit_hash",
        present=document,
        late=document,
        present_weight=rational,
        quorum_weight=rational,
        quorum_met=bool,
    ),
    lambda k: f"occurrence {k}",
)
COMPLAINTS = TableCheck(
    "complaints",
    ComplaintRow.__table__,
    lambda r: r.id,
    ("id",),
    _columns(
        "filed_at filed_by category status acknowledge_by respond_by escalation_reason "
        "acknowledged_at answered_at closed_at escalated_at motion_id audit_seq",
        anonymous=bool,
        sealed=digest,
    ),
    lambda k: f"complaint {k}",
)
ACTIONS = TableCheck(
    "follow_up_actions",
    FollowUpActionRow.__table__,
    lambda r: r.id,
    ("id",),
    _columns(
        "source motion_id slot occurrence_key template_key description owner due_at "
        "created_at created_by status done_at done_by note audit_seq",
    ),
    lambda k: f"action A{k}",
)
MINUTES = TableCheck(
    "minutes_reviews",
    MinutesReviewRow.__table__,
    lambda r: r.occurrence_key,
    ("occurrence_key",),
    _columns(
        "text state recorded_at review_closes approved_by approved_ref approved_at "
        "text_hash audit_seq audit_hash",
    ),
    lambda k: f"minutes {k}",
)
CORRECTIONS = TableCheck(
    "minutes_corrections",
    MinutesCorrectionRow.__table__,
    lambda r: r.id,
    ("id",),
    _columns(
        "occurrence_key proposed_by member_id text proposed_at state reason decided_by "
        "decided_at audit_seq",
    ),
    lambda k: f"correction {k}",
)
DECLARATIONS = TableCheck(
    "conflict_declarations",
    ConflictDeclarationRow.__table__,
    lambda r: (r.motion_id, r.member_id),
    ("motion_id", "member_id"),
    _columns("reason declared_by declared_at audit_seq", by_operator=bool),
    lambda k: f"motion {k[0]} member {k[1]}",
)


def _attendance(session: Session, replay: Replay, findings: Findings) -> None:
    compare_table(session, findings, ATTENDANCE, replay.meetings.attendance)


def _complaints(session: Session, replay: Replay, findings: Findings) -> None:
    compare_table(session, findings, COMPLAINTS, replay.complaints.complaints)


def _actions(session: Session, replay: Replay, findings: Findings) -> None:
    compare_table(session, findings, ACTIONS, replay.actions.actions)


def _minutes(session: Session, replay: Replay, findings: Findings) -> None:
    compare_table(session, findings, MINUTES, replay.minutes.reviews)
    compare_table(session, findings, CORRECTIONS, replay.minutes.corrections)


def _declarations(session: Session, replay: Replay, findings: Findings) -> None:
    compare_table(session, findings, DECLARATIONS, replay.conflicts.declarations)
