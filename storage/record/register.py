"""The register and the charter versions as the chain describes them.

``pool_initialised`` seats the opening register and charter version 1; ``member_updated`` changes
an entry and its seats; an ``effect_applied`` admits a member (the seats it lists), removes one, or
installs a charter version. Memberships, their history (``member_changes``) and the seats
(``representatives``) are kept in the order the tables number them, so the register at any entry
is exactly what a motion opened then froze.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from governance.quantities import format_rational
from storage.record.fact import Fact, number
from storage.record.findings import Expected
from storage.record.stored import exact

MembershipKey = tuple[str, int]  # member id, and which of its memberships (1, 2… on re-admission)
SeatKey = tuple[str, int, str, int]  # membership, user, and which of that user's seats there


@dataclass
class Seat:
    user: str
    row: Expected


@dataclass
class Membership:
    key: MembershipKey
    row: Expected
    representatives: list[Seat] = field(default_factory=list)
    changes: list[Expected] = field(default_factory=list)
    _frozen: tuple[Any, ...] | None = None

    def seated(self) -> list[str]:
        return [s.user for s in self.representatives if s.row.values["removed_at"] is None]

    def frozen(self) -> tuple[Any, ...]:
        """(name, patents, contribution, representatives) as a frozen electorate's row stores
        them (the contribution as ``p/q`` text, the seated users as a JSON list); kept until the
        membership changes, since motion after motion freezes the same register."""
        if self._frozen is None:
            values = self.row.values
            self._frozen = (
                values["name"],
                values["patents"],
                format_rational(values["contribution"]),
                json.dumps(self.seated()),
            )
        return self._frozen

    def changed(self) -> None:
        self._frozen = None

    def seat(self, fact: Fact, user: str) -> None:
        self.representatives.append(Seat(user, _row(fact, appointed_at=fact.at, removed_at=None)))
        self._frozen = None

    def unseat(self, fact: Fact, users: set[str]) -> None:
        for seat in self.representatives:
            if seat.user in users and seat.row.values["removed_at"] is None:
                seat.row.set(fact.seq, removed_at=fact.at)
        self._frozen = None

    def record(self, fact: Fact, entry: dict[str, Any], by: str | None, motion: Any) -> None:
        """A ``member_changes`` row: the values the entry set, when and by whom."""
        self.changes.append(
            _row(
                fact,
                changed_at=fact.at,
                changed_by=by,
                motion_id=number(motion),
                name=entry["name"],
                patents=int(entry["patents"]),
                contribution=exact(entry["contribution"]),
            )
        )


def _row(fact: Fact, **values: Any) -> Expected:
    return Expected.of(fact.seq, **values)


class RegisterReplay:
    """Memberships in row order, the current register, and the charter versions."""

    def __init__(self) -> None:
        self.memberships: list[Membership] = []
        self.current: dict[str, Membership] = {}  # in membership order, as the register reads
        self.charters: dict[int, Expected] = {}
        self._joined: dict[str, int] = {}
        #: Counts every change to the register (an admission, an update, a removal): two
        #: motions opened at the same count froze the same register.
        self.changes = 0

    def initialised(self, fact: Fact) -> None:
        version = int(fact.data["charter_version"])
        self.charter(fact, version, str(fact.data["charter_hash"]), None)
        seated: set[str] = set()
        for entry in fact.data["register"]:
            users = [u for u in entry["representatives"] if u not in seated]
            seated.update(users)
            self.admit(fact, entry, users, None)

    def charter(self, fact: Fact, version: int, text_hash: str, motion: Any) -> None:
        self.charters[version] = _row(
            fact,
            text_hash=text_hash,
            effective_at=fact.at,
            carried_by_motion_id=number(motion),
        )

    def admit(self, fact: Fact, entry: dict[str, Any], seated: list[str], motion: Any) -> None:
        member_id = str(entry["id"])
        ordinal = self._joined[member_id] = self._joined.get(member_id, 0) + 1
        membership = Membership(
            (member_id, ordinal),
            _row(
                fact,
                name=entry["name"],
                patents=int(entry["patents"]),
                contribution=exact(entry["contribution"]),
                joined_at=fact.at,
                admitted_by_motion_id=number(motion),
                left_at=None,
                left_how=None,
                left_by_motion_id=None,
            ),
        )
        self.changes += 1
        membership.record(fact, entry, None, motion)
        for user in seated:
            membership.seat(fact, user)
        self.memberships.append(membership)
        self.current[member_id] = membership

    def updated(self, fact: Fact) -> None:
        entry = fact.data["member"]
        membership = self.current.get(str(entry["id"]))
        if membership is None:
            return
        self.changes += 1
        membership.row.set(
            fact.seq,
            name=entry["name"],
            patents=int(entry["patents"]),
            contribution=exact(entry["contribution"]),
        )
        membership.changed()
        membership.record(fact, entry, fact.data.get("by"), None)
        wanted = [str(u) for u in entry["representatives"]]
        seated = set(membership.seated())
        membership.unseat(fact, seated - set(wanted))
        for user in wanted:
            if user not in seated:
                membership.seat(fact, user)

    def removed(self, fact: Fact, member_id: str, how: str, motion: Any) -> None:
        membership = self.current.pop(member_id, None)
        if membership is None:
            return
        self.changes += 1
        membership.row.set(
            fact.seq, left_at=fact.at, left_how=how, left_by_motion_id=number(motion)
        )
        membership.unseat(fact, set(membership.seated()))

    def snapshot(self) -> list[tuple[str, Membership]]:
        """The register now, in the order a motion opened now lists it."""
        return list(self.current.items())


def text_hash(text: str) -> str:
    """What the chain records of a charter text (as ``governance.services.pool`` hashes it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
