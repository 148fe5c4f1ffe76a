"""Proxies and the ballots cast with them, as the chain describes them.

A ``proxy_given`` entry is a ``proxies`` row whose id is the entry's seq; a ``proxy_revoked``
entry sets its revocation; a ballot entry naming a ``proxy_id`` is a ``proxy_ballots`` row keyed
by the ballot entry's seq.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.record.fact import Fact, instant, number
from storage.record.findings import Expected, Findings
from storage.tables_proxies import ProxyBallotRow, ProxyRow


class ProxyReplay:
    def __init__(self) -> None:
        self.proxies: dict[int, Expected] = {}
        self.ballots: dict[int, Expected] = {}

    def given(self, fact: Fact) -> None:
        data = fact.data
        instruction = data.get("instruction") or None
        self.proxies[fact.seq] = Expected.of(
            fact.seq,
            member_id=str(data["member_id"]),
            holder=str(data["holder"]),
            given_by=str(data["given_by"]),
            given_at=fact.at,
            motion_id=number(data.get("for_motion_id")),
            until=instant(data.get("until")),
            instruction_motion_id=None if instruction is None else number(instruction["motion_id"]),
            instruction=None if instruction is None else str(instruction["choice"]),
            revoked_at=None,
            revoked_by=None,
            revoked_seq=None,
        )

    def revoked(self, fact: Fact) -> None:
        row = self.proxies[int(fact.data["proxy_id"])]
        row.set(
            fact.seq,
            revoked_at=fact.at,
            revoked_by=str(fact.data["revoked_by"]),
            revoked_seq=fact.seq,
        )

    def ballot(self, fact: Fact) -> None:
        proxy_id = fact.data.get("proxy_id")
        if proxy_id is None:
            return
        self.ballots[fact.seq] = Expected.of(
            fact.seq,
            motion_id=int(fact.data["motion_id"]),
            member_id=str(fact.data["member_id"]),
            proxy_id=int(proxy_id),
            holder=str(fact.data["cast_by"]),
        )


def compare_proxies(session: Session, replay: ProxyReplay, findings: Findings) -> None:
    table = ProxyRow.__table__
    stored: Any = (
        (
            r.id,
            {
                "member_id": r.member_id,
                "holder": r.holder,
                "given_by": r.given_by,
                "given_at": r.given_at,
                "motion_id": r.motion_id,
                "until": r.until,
                "instruction_motion_id": r.instruction_motion_id,
                "instruction": r.instruction,
                "revoked_at": r.revoked_at,
                "revoked_by": r.revoked_by,
                "revoked_seq": r.revoked_seq,
            },
        )
        for r in session.execute(select(table).order_by(table.c.id))
    )
    findings.compare("proxies", replay.proxies, stored, lambda k: f"proxy {k}")
    marks = ProxyBallotRow.__table__
    stored = (
        (
            r.audit_seq,
            {
                "motion_id": r.motion_id,
                "member_id": r.member_id,
                "proxy_id": r.proxy_id,
                "holder": r.holder,
            },
        )
        for r in session.execute(select(marks).order_by(marks.c.audit_seq))
    )
    findings.compare("proxy_ballots", replay.ballots, stored, lambda k: f"ballot entry {k}")
