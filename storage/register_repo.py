"""The register in the database: memberships, representatives and the history of each entry.

A member leaving keeps its row (``left_at``); a representative stepping down keeps its row
(``removed_at``); every value a register entry takes is written to ``member_changes``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from fractions import Fraction

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from governance.charter import Member
from governance.quantities import format_rational
from storage.statistics import filled_in_bulk
from storage.tables import MemberChangeRow, MembershipRow, RepresentativeRow

FRESH = {"populate_existing": True}

# Built once: every ballot checks its caster (see storage.dialect.InsertIfAbsent for why). The
# seat is found first (a scalar subquery on the unique seated-user index), then the membership by
# its key: a plan that stays cheap even before PostgreSQL has statistics for a new register.
_SEAT = (
    select(RepresentativeRow.membership_id)
    .where(RepresentativeRow.user_id == bindparam("user"), RepresentativeRow.removed_at.is_(None))
    .scalar_subquery()
)
_MEMBER_FOR_USER = select(MembershipRow.member_id).where(
    MembershipRow.id == _SEAT, MembershipRow.left_at.is_(None)
)
_MEMBERS_FOR_USERS = (
    select(RepresentativeRow.user_id, MembershipRow.member_id)
    .join(MembershipRow, MembershipRow.id == RepresentativeRow.membership_id)
    .where(
        RepresentativeRow.user_id.in_(bindparam("users", expanding=True)),
        RepresentativeRow.removed_at.is_(None),
        MembershipRow.left_at.is_(None),
    )
)


class SqlRegisterRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self) -> tuple[Member, ...]:
        # columns, not mapped rows: no ORM instance per member for a register read in full
        members = self._session.execute(
            select(
                MembershipRow.id,
                MembershipRow.member_id,
                MembershipRow.name,
                MembershipRow.patents,
                MembershipRow.contribution,
            )
            .where(MembershipRow.left_at.is_(None))
            .order_by(MembershipRow.id)
        ).all()
        seats = self._session.execute(
            select(RepresentativeRow.membership_id, RepresentativeRow.user_id)
            .where(RepresentativeRow.removed_at.is_(None))
            .order_by(RepresentativeRow.id)
        ).all()
        representatives: dict[int, list[str]] = {}
        for seat in seats:
            representatives.setdefault(seat.membership_id, []).append(seat.user_id)
        return tuple(
            Member(
                id=m.member_id,
                name=m.name,
                patents=m.patents,
                contribution=Fraction(m.contribution),
                representatives=tuple(representatives.get(m.id, ())),
            )
            for m in members
        )

    def names(self) -> dict[str, str]:
        rows = self._session.execute(
            select(MembershipRow.member_id, MembershipRow.name).where(
                MembershipRow.left_at.is_(None)
            )
        )
        return {member_id: name for member_id, name in rows}

    def member_for_user(self, user_id: str) -> str | None:
        found = self._session.connection().execute(_MEMBER_FOR_USER, {"user": user_id})
        return found.scalars().first()

    def members_for_users(self, user_ids: Collection[str]) -> dict[str, str]:
        if not user_ids:
            return {}
        params = {"users": sorted(set(user_ids))}
        rows = self._session.connection().execute(_MEMBERS_FOR_USERS, params)
        return {user_id: member_id for user_id, member_id in rows}

    def admit(self, member: Member, now: datetime, motion_id: str | None) -> tuple[str, ...]:
        membership = self._session.execute(
            insert(MembershipRow)
            .values(
                member_id=member.id,
                name=member.name,
                patents=member.patents,
                contribution=format_rational(member.contribution),
                joined_at=now,
                admitted_by_motion_id=int(motion_id) if motion_id else None,
            )
            .returning(MembershipRow.id)
        ).scalar_one()
        self._record_change(membership, member, now, None, motion_id)
        seated = tuple(u for u in member.representatives if self.member_for_user(u) is None)
        self._seat(membership, seated, now)
        return seated

    def admit_all(self, members: Sequence[Member], now: datetime) -> None:
        """Every member in three multi-row inserts: memberships, their first history row, seats.

        A user already seated (for an earlier member, or twice in ``members``) is seated once,
        for the first, as :meth:`admit` would one member after the other. The register's tables
        are analysed once the transaction commits (:mod:`storage.statistics`).
        """
        if not members:
            return
        rows = self._session.execute(
            insert(MembershipRow).returning(MembershipRow.id, sort_by_parameter_order=True),
            [
                {
                    "member_id": m.id,
                    "name": m.name,
                    "patents": m.patents,
                    "contribution": format_rational(m.contribution),
                    "joined_at": now,
                    "admitted_by_motion_id": None,
                }
                for m in members
            ],
        ).scalars()
        memberships = list(rows)
        self._session.execute(
            insert(MemberChangeRow),
            [
                {
                    "membership_id": membership,
                    "changed_at": now,
                    "changed_by": None,
                    "motion_id": None,
                    "name": m.name,
                    "patents": m.patents,
                    "contribution": format_rational(m.contribution),
                }
                for membership, m in zip(memberships, members, strict=True)
            ],
        )
        taken = set(self.members_for_users({u for m in members for u in m.representatives}))
        seats = []
        for membership, member in zip(memberships, members, strict=True):
            for user in member.representatives:
                if user not in taken:
                    taken.add(user)
                    seats.append(
                        {"membership_id": membership, "user_id": user, "appointed_at": now}
                    )
        if seats:
            self._session.execute(insert(RepresentativeRow), seats)
        filled_in_bulk(self._session, MembershipRow.__tablename__, RepresentativeRow.__tablename__)

    def remove(self, member_id: str, now: datetime, how: str, motion_id: str | None) -> bool:
        membership = self._membership(member_id)
        if membership is None:
            return False
        self._session.execute(
            update(MembershipRow)
            .where(MembershipRow.id == membership)
            .values(
                left_at=now, left_how=how, left_by_motion_id=int(motion_id) if motion_id else None
            )
        )
        self._session.execute(
            update(RepresentativeRow)
            .where(
                RepresentativeRow.membership_id == membership,
                RepresentativeRow.removed_at.is_(None),
            )
            .values(removed_at=now)
        )
        return True

    def update(self, member: Member, now: datetime, by_user: str) -> None:
        membership = self._membership(member.id)
        if membership is None:
            raise LookupError(member.id)
        self._session.execute(
            update(MembershipRow)
            .where(MembershipRow.id == membership)
            .values(
                name=member.name,
                patents=member.patents,
                contribution=format_rational(member.contribution),
            )
        )
        self._record_change(membership, member, now, by_user, None)
        seated = self._session.execute(
            select(RepresentativeRow.user_id).where(
                RepresentativeRow.membership_id == membership,
                RepresentativeRow.removed_at.is_(None),
            )
        ).scalars()
        current = set(seated)
        gone = current - set(member.representatives)
        if gone:
            self._session.execute(
                update(RepresentativeRow)
                .where(
                    RepresentativeRow.membership_id == membership,
                    RepresentativeRow.user_id.in_(gone),
                    RepresentativeRow.removed_at.is_(None),
                )
                .values(removed_at=now)
            )
        self._seat(membership, [u for u in member.representatives if u not in current], now)

    def last_changed(self) -> dict[str, datetime]:
        rows = self._session.execute(
            select(MembershipRow.member_id, func.max(MemberChangeRow.changed_at))
            .join(MemberChangeRow, MemberChangeRow.membership_id == MembershipRow.id)
            .where(MembershipRow.left_at.is_(None))
            .group_by(MembershipRow.member_id)
        )
        return {member_id: changed for member_id, changed in rows}

    def _membership(self, member_id: str) -> int | None:
        query = select(MembershipRow.id).where(
            MembershipRow.member_id == member_id, MembershipRow.left_at.is_(None)
        )
        return self._session.execute(query).scalar_one_or_none()

    def _seat(self, membership: int, users: tuple[str, ...] | list[str], now: datetime) -> None:
        for user in users:
            self._session.execute(
                insert(RepresentativeRow).values(
                    membership_id=membership, user_id=user, appointed_at=now
                )
            )

    def _record_change(
        self,
        membership: int,
        member: Member,
        now: datetime,
        by_user: str | None,
        motion_id: str | None,
    ) -> None:
        self._session.execute(
            insert(MemberChangeRow).values(
                membership_id=membership,
                changed_at=now,
                changed_by=by_user,
                motion_id=int(motion_id) if motion_id else None,
                name=member.name,
                patents=member.patents,
                contribution=format_rational(member.contribution),
            )
        )
