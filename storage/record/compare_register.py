"""The register compared with the replayed chain: memberships, their history and their seats.

The three tables are first read as plain tuples, in row order, and compared as a whole with the
rows the replay expects in the form the tables store them (:class:`_QuickRegister`); only a
table that differs is streamed and matched row by row to the expected rows, keyed by member id
and which membership, and every difference named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from governance.quantities import format_rational
from storage.driver import as_driver_returns, tuples
from storage.record.findings import Expected, Findings
from storage.record.register import Membership
from storage.record.replay import Replay
from storage.record.stored import rational, rows
from storage.tables import MemberChangeRow, MembershipRow, RepresentativeRow


def compare_register(session: Session, replay: Replay, findings: Findings) -> None:
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
