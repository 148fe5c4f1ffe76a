"""Proxies and the marks of ballots cast with them (:mod:`storage.tables_proxies`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from governance.proxies import LAPSED_WITH_SEAT, Instruction, Proxy
from governance.proxy_ports import ProxyBallot
from governance.tally import Choice
from storage.motion_repo import motion_number
from storage.tables import BallotRow, MotionRow
from storage.tables_proxies import ProxyBallotRow, ProxyRow


def _proxy(row: ProxyRow) -> Proxy:
    instruction = None
    if row.instruction is not None and row.instruction_motion_id is not None:
        instruction = Instruction(str(row.instruction_motion_id), Choice(row.instruction))
    return Proxy(
        id=row.id,
        member_id=row.member_id,
        holder=row.holder,
        given_by=row.given_by,
        given_at=row.given_at,
        motion_id=None if row.motion_id is None else str(row.motion_id),
        until=row.until,
        instruction=instruction,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def _mark(row: ProxyBallotRow) -> ProxyBallot:
    return ProxyBallot(row.audit_seq, str(row.motion_id), row.member_id, row.proxy_id, row.holder)


class SqlProxyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, proxy: Proxy) -> None:
        instruction = proxy.instruction
        self._session.execute(
            insert(ProxyRow).values(
                id=proxy.id,
                member_id=proxy.member_id,
                holder=proxy.holder,
                given_by=proxy.given_by,
                given_at=proxy.given_at,
                motion_id=None if proxy.motion_id is None else motion_number(proxy.motion_id),
                until=proxy.until,
                instruction_motion_id=(
                    None if instruction is None else motion_number(instruction.motion_id)
                ),
                instruction=None if instruction is None else instruction.choice.value,
            )
        )

    def revoke(self, proxy_id: int, now: datetime, by_user: str, seq: int) -> bool:
        done = self._session.execute(
            update(ProxyRow)
            .where(ProxyRow.id == proxy_id, ProxyRow.revoked_at.is_(None))
            .values(revoked_at=now, revoked_by=by_user, revoked_seq=seq)
            .returning(ProxyRow.id)
        ).all()
        return bool(done)

    def _where(self, *conditions: object) -> list[Proxy]:
        query = select(ProxyRow).where(*conditions).order_by(ProxyRow.id)  # type: ignore[arg-type]
        return [_proxy(row) for row in self._session.scalars(query)]

    def given_for(self, member_id: str) -> list[Proxy]:
        return self._where(ProxyRow.member_id == member_id, ProxyRow.revoked_at.is_(None))

    def held_by(self, user_id: str) -> list[Proxy]:
        # a lapsed proxy too, so that a vote with it is refused with the reason it ended
        return self._where(
            ProxyRow.holder == user_id,
            or_(ProxyRow.revoked_at.is_(None), ProxyRow.revoked_by == LAPSED_WITH_SEAT),
        )

    def all(self) -> list[Proxy]:
        return self._where()

    def mark_ballots(self, ballots: Sequence[ProxyBallot]) -> None:
        if not ballots:
            return
        self._session.execute(
            insert(ProxyBallotRow),
            [
                {
                    "audit_seq": b.audit_seq,
                    "motion_id": motion_number(b.motion_id),
                    "member_id": b.member_id,
                    "proxy_id": b.proxy_id,
                    "holder": b.holder,
                }
                for b in ballots
            ],
        )

    def ballots(self, audit_seqs: Collection[int]) -> dict[int, ProxyBallot]:
        if not audit_seqs:
            return {}
        query = select(ProxyBallotRow).where(ProxyBallotRow.audit_seq.in_(list(audit_seqs)))
        return {row.audit_seq: _mark(row) for row in self._session.scalars(query)}

    def on_motion(self, motion_id: str) -> dict[int, ProxyBallot]:
        number = motion_number(motion_id)
        if number is None:
            return {}
        query = select(ProxyBallotRow).where(ProxyBallotRow.motion_id == number)
        return {row.audit_seq: _mark(row) for row in self._session.scalars(query)}

    def used_on_open_motion(self, proxy_id: int) -> str | None:
        query = (
            select(ProxyBallotRow.motion_id)
            .join(BallotRow, BallotRow.audit_seq == ProxyBallotRow.audit_seq)
            .join(MotionRow, MotionRow.id == ProxyBallotRow.motion_id)
            .where(
                ProxyBallotRow.proxy_id == proxy_id,
                BallotRow.superseded_at.is_(None),
                MotionRow.state == "open",
            )
            .order_by(ProxyBallotRow.motion_id)
            .limit(1)
        )
        found = self._session.scalar(query)
        return None if found is None else str(found)
