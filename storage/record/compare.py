"""The tables compared with the replayed chain, one table after another.

The large tables (memberships, their history and seats, frozen electorates, ballots) are first
read as plain tuples and compared, as a whole, with the rows the replay expects in the form the
table stores them: an intact table is settled by that one comparison. Of the frozen electorates,
only the first motion frozen on each register is read; the database compares every later motion
on that register with it (:func:`storage.record.compare_motions.electorates_settled`). Any
other table, and any table that differs in any way (even only in how a value is written), is
streamed in its own order and matched to the expected rows by its natural key (a motion id, a
member id and which membership, a ballot's motion, member and entry…), and every difference is
named. The motion tables are compared in :mod:`storage.record.compare_motions`; this module
holds the register, the charter versions, meetings and complaints, and :func:`compare_tables`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import FromClause, Select, select
from sqlalchemy.orm import Session

from governance.quantities import format_rational
from storage.driver import as_driver_returns, tuples
from storage.record.compare_motions import compare_motions
from storage.record.findings import Expected, Findings
from storage.record.proxies import compare_proxies
from storage.record.register import Membership, text_hash
from storage.record.replay import Replay
from storage.record.stored import document, rational
from storage.sealing import digest
from storage.tables import CharterVersionRow, MemberChangeRow, MembershipRow, RepresentativeRow
from storage.tables_actions import FollowUpActionRow
from storage.tables_complaints import ComplaintRow
from storage.tables_meetings import AttendanceRow
from storage.tables_minutes import MinutesCorrectionRow, MinutesReviewRow
from storage.tables_register import ConflictDeclarationRow

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


def _register(session: Session, replay: Replay, findings: Findings) -> None:
    memberships = replay.register.memberships
    keys: dict[int, tuple[str, int]] = {}  # membership row id → (member id, which membership)
    joined: dict[str, int] = {}
    quick = _QuickRegister(session, memberships)

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

    if quick.members():
        findings.count("members", len(memberships))
        keys.update(quick.keys)
    else:
        expected = {m.key: m.row for m in memberships}
        findings.compare("members", expected, members(), _member_name)

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

    if quick.settled and quick.changes():
        findings.count("member_changes", sum(len(m.changes) for m in memberships))
    else:
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

    if quick.settled and quick.seats():
        findings.count("representatives", sum(len(m.representatives) for m in memberships))
        return
    expected_seats: dict[tuple[str, int, str, int], Expected] = {}
    for m in memberships:
        counted: dict[str, int] = {}
        for seat in m.representatives:
            n = counted[seat.user] = counted.get(seat.user, 0) + 1
            expected_seats[(*m.key, seat.user, n)] = seat.row
    findings.compare("representatives", expected_seats, seats(), _seat_name)


class _QuickRegister:
    """The register's tables settled in one comparison each when they are what the chain says.

    The memberships are read as the table stores them (contributions as ``p/q`` text), in row
    order; when they match, the membership rows' ids say which membership each history row and
    seat belongs to, and those tables are compared the same way, in row order per membership.
    Anything else (``False``) goes to the row-by-row comparison.
    """

    def __init__(self, session: Session, memberships: list[Membership]) -> None:
        self._session = session
        self._memberships = memberships
        self.keys: dict[int, tuple[str, int]] = {}
        self._index: dict[int, int] = {}  # membership row id → its place in the table
        self.settled = False

    def members(self) -> bool:
        table = MembershipRow.__table__
        columns = [table.c.id, table.c.member_id, *(table.c[n] for n in _MEMBER_COLUMNS)]
        connection = self._session.connection()
        stored = list(tuples(connection, select(*columns).order_by(table.c.id)))
        driver_form = as_driver_returns(connection, columns[1:])
        expected = [
            driver_form((m.key[0], *_stored_member(m.row.values))) for m in self._memberships
        ]
        if [r[1:] for r in stored] != expected:
            return False
        joined: dict[str, int] = {}
        for place, (row_id, member_id, *_) in enumerate(stored):
            joined[member_id] = joined.get(member_id, 0) + 1
            self.keys[row_id] = (member_id, joined[member_id])
            self._index[row_id] = place
        self.settled = True
        return True

    def changes(self) -> bool:
        table = MemberChangeRow.__table__
        order = (table.c.membership_id, table.c.id)
        columns = [table.c.membership_id, *(table.c[n] for n in _CHANGE_COLUMNS)]
        expected = [
            (place, *_stored_change(change.values))
            for place, m in enumerate(self._memberships)
            for change in m.changes
        ]
        return self._same(select(*columns).order_by(*order), expected)

    def seats(self) -> bool:
        table = RepresentativeRow.__table__
        order = (table.c.membership_id, table.c.id)
        columns = [table.c.membership_id, table.c.user_id, table.c.appointed_at]
        columns.append(table.c.removed_at)
        expected = [
            (place, seat.user, seat.row.values["appointed_at"], seat.row.values["removed_at"])
            for place, m in enumerate(self._memberships)
            for seat in m.representatives
        ]
        return self._same(select(*columns).order_by(*order), expected)

    def _same(self, query: Select[Any], expected: list[tuple[Any, ...]]) -> bool:
        """Rows read from the driver (see :func:`storage.driver.tuples`), their membership row
        ids as places in the table, against ``expected`` in the driver's form."""
        index = self._index
        connection = self._session.connection()
        stored = list(tuples(connection, query))
        if len(stored) != len(expected) or any(r[0] not in index for r in stored):
            return False
        driver_form = as_driver_returns(connection, query.selected_columns)
        return [(index[r[0]], *r[1:]) for r in stored] == list(map(driver_form, expected))


_MEMBER_COLUMNS = (
    "name",
    "patents",
    "contribution",
    "joined_at",
    "admitted_by_motion_id",
    "left_at",
    "left_how",
    "left_by_motion_id",
)
_CHANGE_COLUMNS = ("changed_at", "changed_by", "motion_id", "name", "patents", "contribution")


def _stored_form(columns: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving ``columns``' values as the table stores them: a contribution as its
    ``p/q`` text."""
    read = itemgetter(*columns)
    i = columns.index("contribution")

    def stored(values: dict[str, Any]) -> tuple[Any, ...]:
        row = read(values)
        return (*row[:i], format_rational(row[i]), *row[i + 1 :])

    return stored


_stored_member = _stored_form(_MEMBER_COLUMNS)
_stored_change = _stored_form(_CHANGE_COLUMNS)


def _member_name(key: tuple[Any, ...]) -> str:
    member, ordinal = key[0], key[1]
    return f"member {member}" + (f", membership {ordinal}" if ordinal > 1 else "")


def _seat_name(key: tuple[Any, ...]) -> str:
    name = f"{_member_name(key[:2])}, representative {key[2]}"
    return name + (f", seat {key[3]}" if key[3] > 1 else "")


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
