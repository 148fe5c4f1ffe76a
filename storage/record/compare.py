"""The tables read row by row and compared with the replayed chain, one table after another.

Each table is streamed in its own order and matched to the expected rows by its natural key
(a motion id, a member id and which membership, a ballot's motion, member and entry…). The
motion tables are compared in :mod:`storage.record.compare_motions`; this module holds the
register, the charter versions, meetings and complaints, and :func:`compare_tables`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.record.compare_motions import compare_motions
from storage.record.findings import Expected, Findings
from storage.record.register import text_hash
from storage.record.replay import Replay
from storage.record.stored import document, rational
from storage.sealing import digest
from storage.tables import CharterVersionRow, MemberChangeRow, MembershipRow, RepresentativeRow
from storage.tables_complaints import ComplaintRow
from storage.tables_meetings import AttendanceRow

BATCH = 1000


def rows(session: Session, query: Select[Any]) -> Iterator[Any]:
    """A query's rows, streamed in batches (the tables may hold far more than memory wants)."""
    yield from session.execute(query.execution_options(yield_per=BATCH))


def compare_tables(session: Session, replay: Replay) -> Findings:
    """Every difference between the compared tables and what ``replay`` expects."""
    findings = Findings()
    for seq, problem in replay.unreadable:
        findings.unreadable(seq, problem)
    _charters(session, replay, findings)
    _register(session, replay, findings)
    compare_motions(session, replay, findings)
    _attendance(session, replay, findings)
    _complaints(session, replay, findings)
    return findings


def _charters(session: Session, replay: Replay, findings: Findings) -> None:
    expected: dict[int, Expected] = {}
    for version, row in replay.register.charters.items():
        expected[version] = Expected(row.seq, dict(row.values), dict(row.sources))
        expected[version].set(row.sources["text_hash"], text=row.values["text_hash"])
    table = CharterVersionRow.__table__
    stored = (
        (
            r.version,
            {
                "text": text_hash(r.text),
                "text_hash": r.text_hash,
                "effective_at": r.effective_at,
                "carried_by_motion_id": r.carried_by_motion_id,
            },
        )
        for r in rows(session, select(table).order_by(table.c.version))
    )
    findings.compare("charter_versions", expected, stored, lambda k: f"version {k}")


def _register(session: Session, replay: Replay, findings: Findings) -> None:
    memberships = replay.register.memberships
    keys: dict[int, tuple[str, int]] = {}  # membership row id → (member id, which membership)
    joined: dict[str, int] = {}

    def members() -> Iterator[tuple[tuple[str, int], dict[str, Any]]]:
        table = MembershipRow.__table__
        for r in rows(session, select(table).order_by(table.c.id)):
            joined[r.member_id] = joined.get(r.member_id, 0) + 1
            key = keys[r.id] = (r.member_id, joined[r.member_id])
            yield (
                key,
                {
                    "name": r.name,
                    "patents": r.patents,
                    "contribution": rational(r.contribution),
                    "joined_at": r.joined_at,
                    "admitted_by_motion_id": r.admitted_by_motion_id,
                    "left_at": r.left_at,
                    "left_how": r.left_how,
                    "left_by_motion_id": r.left_by_motion_id,
                },
            )

    findings.compare("members", {m.key: m.row for m in memberships}, members(), _member_name)

    def changes() -> Iterator[tuple[tuple[str, int, int], dict[str, Any]]]:
        table = MemberChangeRow.__table__
        counts: dict[int, int] = {}
        for r in rows(session, select(table).order_by(table.c.id)):
            counts[r.membership_id] = counts.get(r.membership_id, 0) + 1
            member, ordinal = keys.get(r.membership_id, (f"#{r.membership_id}", 1))
            yield (
                (member, ordinal, counts[r.membership_id]),
                {
                    "changed_at": r.changed_at,
                    "changed_by": r.changed_by,
                    "motion_id": r.motion_id,
                    "name": r.name,
                    "patents": r.patents,
                    "contribution": rational(r.contribution),
                },
            )

    expected_changes = {
        (*m.key, n): change for m in memberships for n, change in enumerate(m.changes, 1)
    }
    findings.compare(
        "member_changes",
        expected_changes,
        changes(),
        lambda k: f"{_member_name(k[:2])}, change {k[2]}",
    )

    def seats() -> Iterator[tuple[tuple[str, int, str, int], dict[str, Any]]]:
        table = RepresentativeRow.__table__
        counts: dict[tuple[int, str], int] = {}
        for r in rows(session, select(table).order_by(table.c.id)):
            n = counts[(r.membership_id, r.user_id)] = (
                counts.get((r.membership_id, r.user_id), 0) + 1
            )
            member, ordinal = keys.get(r.membership_id, (f"#{r.membership_id}", 1))
            yield (
                (member, ordinal, r.user_id, n),
                {
                    "appointed_at": r.appointed_at,
                    "removed_at": r.removed_at,
                },
            )

    expected_seats: dict[tuple[str, int, str, int], Expected] = {}
    for m in memberships:
        counted: dict[str, int] = {}
        for seat in m.representatives:
            n = counted[seat.user] = counted.get(seat.user, 0) + 1
            expected_seats[(*m.key, seat.user, n)] = seat.row
    findings.compare("representatives", expected_seats, seats(), _seat_name)


def _member_name(key: tuple[Any, ...]) -> str:
    member, ordinal = key[0], key[1]
    return f"member {member}" + (f", membership {ordinal}" if ordinal > 1 else "")


def _seat_name(key: tuple[Any, ...]) -> str:
    name = f"{_member_name(key[:2])}, representative {key[2]}"
    return name + (f", seat {key[3]}" if key[3] > 1 else "")


def _attendance(session: Session, replay: Replay, findings: Findings) -> None:
    table = AttendanceRow.__table__
    stored = (
        (
            r.occurrence_key,
            {
                "recorded_at": r.recorded_at,
                "present": document(r.present),
                "late": document(r.late),
                "present_weight": rational(r.present_weight),
                "quorum_weight": rational(r.quorum_weight),
                "quorum_met": bool(r.quorum_met),
                "audit_seq": r.audit_seq,
                "audit_hash": r.audit_hash,
            },
        )
        for r in rows(session, select(table).order_by(table.c.occurrence_key))
    )
    findings.compare(
        "meeting_attendance", replay.meetings.attendance, stored, lambda k: f"occurrence {k}"
    )


def _complaints(session: Session, replay: Replay, findings: Findings) -> None:
    table = ComplaintRow.__table__
    stored = (
        (
            r.id,
            {
                "filed_at": r.filed_at,
                "filed_by": r.filed_by,
                "category": r.category,
                "status": r.status,
                "anonymous": bool(r.anonymous),
                "acknowledge_by": r.acknowledge_by,
                "respond_by": r.respond_by,
                "escalation_reason": r.escalation_reason,
                "acknowledged_at": r.acknowledged_at,
                "answered_at": r.answered_at,
                "closed_at": r.closed_at,
                "escalated_at": r.escalated_at,
                "motion_id": r.motion_id,
                "sealed": digest(r.sealed),
                "audit_seq": r.audit_seq,
            },
        )
        for r in rows(session, select(table).order_by(table.c.id))
    )
    findings.compare("complaints", replay.complaints.complaints, stored, lambda k: f"complaint {k}")
