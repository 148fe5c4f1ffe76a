"""Admitting a whole opening register at once gives the rows admitting it member by member does."""

from __future__ import annotations

from sqlalchemy import select

from bot.bootstrap import Storage
from governance.charter import Member
from storage.tables import MemberChangeRow, MembershipRow, RepresentativeRow
from tests.integration.conftest import NOW

REGISTER = (
    Member(id="acme", name="Acme", patents=3, representatives=("U1", "U2")),
    Member(id="beta", name="Beta", patents=0, representatives=("U2", "U3")),  # U2 is Acme's
    Member(id="gamma", name="Gamma", patents=5),
)


def rows(storage: Storage) -> dict[str, list[tuple[object, ...]]]:
    with storage.reader() as uow:
        s = uow.session
        members = s.execute(
            select(MembershipRow.member_id, MembershipRow.name, MembershipRow.patents).order_by(
                MembershipRow.id
            )
        ).all()
        seats = s.execute(
            select(MembershipRow.member_id, RepresentativeRow.user_id)
            .join(MembershipRow, MembershipRow.id == RepresentativeRow.membership_id)
            .order_by(RepresentativeRow.id)
        ).all()
        changes = s.execute(
            select(MembershipRow.member_id, MemberChangeRow.name, MemberChangeRow.contribution)
            .join(MembershipRow, MembershipRow.id == MemberChangeRow.membership_id)
            .order_by(MemberChangeRow.id)
        ).all()
    return {
        name: [tuple(r) for r in found]
        for name, found in (("members", members), ("seats", seats), ("changes", changes))
    }


def test_admit_all_writes_what_admitting_one_by_one_writes(runtime: Storage) -> None:
    with runtime.uow() as uow:
        uow.register.admit_all(REGISTER, NOW)
        uow.commit()
    assert rows(runtime) == {
        "members": [("acme", "Acme", 3), ("beta", "Beta", 0), ("gamma", "Gamma", 5)],
        "seats": [("acme", "U1"), ("acme", "U2"), ("beta", "U3")],
        "changes": [("acme", "Acme", "0"), ("beta", "Beta", "0"), ("gamma", "Gamma", "0")],
    }
    with runtime.reader() as uow:
        assert uow.register.members_for_users({"U1", "U2", "U3"}) == {
            "U1": "acme",
            "U2": "acme",
            "U3": "beta",
        }
