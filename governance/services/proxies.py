"""Giving, revoking and listing proxies: audited, each refusal decided before anything is written.

A proxy's id is the seq of its ``proxy_given`` entry; a revocation is a ``proxy_revoked`` entry.
Votes cast with a proxy go through the ballot batch (:mod:`governance.services.ballot_batch`) like
every other ballot; check-in with one through :mod:`governance.services.meeting_attendance`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.errors import MotionNotOpen
from governance.motion import MotionState
from governance.ports import CharterParser, UnitOfWork
from governance.proxies import (
    Instruction,
    Proxy,
    ProxyGiverNotRepresentative,
    ProxyRequest,
    check_give,
    check_revoke,
    in_force,
    lapsed,
)
from governance.services.common import attempt, current_charter
from governance.services.errors import UnknownMotion
from governance.services.meetings import utc_text


@dataclass(frozen=True)
class GiveProxy:
    """``/proxy give @holder`` by a representative, for one motion or until a date."""

    actor: str
    holder: str
    motion_id: str | None = None
    until: datetime | None = None
    instruction: Instruction | None = None


@dataclass(frozen=True)
class RevokeProxy:
    """``/proxy revoke``: the member's proxy in force is withdrawn."""

    actor: str


@dataclass(frozen=True)
class ProxyGiven:
    proxy: Proxy
    holder_member: str | None


@dataclass(frozen=True)
class ProxyRevoked:
    proxy: Proxy
    revoked_by: str
    revoked_at: datetime


@dataclass(frozen=True)
class ProxyListing:
    """What ``/proxy`` shows: the proxy the user's member has given, and those the user holds."""

    member_id: str | None
    given: tuple[Proxy, ...]
    held: tuple[Proxy, ...]


def live(uow: UnitOfWork, proxies: list[Proxy], now: datetime) -> list[Proxy]:
    """The proxies in force: not revoked, not expired, and (one motion's) its motion still open."""
    kept = []
    for proxy in in_force(proxies, now):
        if proxy.motion_id is not None:
            stored = uow.motions.get(proxy.motion_id)
            if stored is None or not stored.motion.is_open:
                continue
        kept.append(proxy)
    return kept


def _recused_on(uow: UnitOfWork, member_id: str, motion_ids: set[str]) -> list[str]:
    recused: list[str] = []
    for motion_id in sorted(motion_ids):
        stored = uow.motions.get(motion_id)
        if stored is None:
            raise UnknownMotion(motion_id)
        if not stored.motion.is_open:
            raise MotionNotOpen(motion_id, stored.motion.state.value)
        if member_id in stored.motion.electorate.recused:
            recused.append(motion_id)
    return recused


def give_proxy(
    command: GiveProxy, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ProxyGiven]:
    def work() -> list[ProxyGiven]:
        with uow:
            _, charter = current_charter(uow, parse)
            giver_member = uow.register.member_for_user(command.actor)
            holder_member = uow.register.member_for_user(command.holder)
            request = ProxyRequest(
                giver=command.actor,
                giver_member=giver_member,
                holder=command.holder,
                holder_member=holder_member,
                motion_id=command.motion_id,
                until=command.until,
                instruction=command.instruction,
            )
            named = {m for m in (command.motion_id,) if m is not None}
            if command.instruction is not None:
                named.add(command.instruction.motion_id)
            recused = _recused_on(uow, giver_member, named) if giver_member else []
            check_give(
                charter.proxies,
                request,
                giver_holds=live(uow, uow.proxies.held_by(command.actor), now),
                member_has=live(uow, uow.proxies.given_for(giver_member), now)
                if giver_member
                else [],
                holder_holds=live(uow, uow.proxies.held_by(command.holder), now),
                recused_on=recused,
                now=now,
            )
            if giver_member is None:  # check_give refused it already
                raise ProxyGiverNotRepresentative()
            instruction = command.instruction
            entry = uow.audit.append(
                "proxy_given",
                {
                    "member_id": giver_member,
                    "holder": command.holder,
                    "given_by": command.actor,
                    "for_motion_id": command.motion_id,
                    "until": None if command.until is None else utc_text(command.until),
                    "instruction": (
                        None
                        if instruction is None
                        else {
                            "motion_id": instruction.motion_id,
                            "choice": instruction.choice.value,
                        }
                    ),
                },
                now,
            )
            proxy = Proxy(
                id=entry.seq,
                member_id=giver_member,
                holder=command.holder,
                given_by=command.actor,
                given_at=now,
                motion_id=command.motion_id,
                until=command.until,
                instruction=instruction,
            )
            uow.proxies.add(proxy)
            uow.commit()
            return [ProxyGiven(proxy, holder_member)]

    return attempt(work)


def revoke_proxy(command: RevokeProxy, uow: UnitOfWork, now: datetime) -> list[ProxyRevoked]:
    def work() -> list[ProxyRevoked]:
        with uow:
            member_id = uow.register.member_for_user(command.actor)
            if member_id is None:
                raise ProxyGiverNotRepresentative()
            given = live(uow, uow.proxies.given_for(member_id), now)
            found = given[0] if given else None
            if found is not None:
                _lock_motions_of(uow, found)
            used = uow.proxies.used_on_open_motion(found.id) if found is not None else None
            proxy = check_revoke(found, member_id, used, now)
            entry = uow.audit.append(
                "proxy_revoked",
                {"proxy_id": proxy.id, "member_id": member_id, "revoked_by": command.actor},
                now,
            )
            if not uow.proxies.revoke(proxy.id, now, command.actor, entry.seq):
                uow.rollback()
                return []
            uow.commit()
            return [ProxyRevoked(proxy, command.actor, now)]

    return attempt(work)


def _lock_motions_of(uow: UnitOfWork, proxy: Proxy) -> None:
    """Lock the open motions the proxy may vote on, in id order as a ballot batch does: a ballot
    cast with it either commits first (and the revocation is refused) or waits and is refused."""
    if proxy.motion_id is not None:
        uow.motions.get(proxy.motion_id, lock=True)
        return
    for motion_id in sorted((s.motion.id for s in uow.motions.in_state(MotionState.OPEN)), key=int):
        uow.motions.get(motion_id, lock=True)


def proxies_of(uow: UnitOfWork, user_id: str, now: datetime) -> ProxyListing:
    with uow:
        member_id = uow.register.member_for_user(user_id)
        given = live(uow, uow.proxies.given_for(member_id), now) if member_id else []
        held = live(uow, uow.proxies.held_by(user_id), now)
        return ProxyListing(member_id, tuple(given), tuple(held))


def held_for_motion(uow: UnitOfWork, user_id: str, motion_id: str, now: datetime) -> list[Proxy]:
    """The proxies ``user_id`` may vote with on ``motion_id`` now."""
    with uow:
        return [p for p in uow.proxies.held_by(user_id) if p.covers(motion_id, now)]


def lapsed_for_motion(uow: UnitOfWork, user_id: str, motion_id: str) -> list[Proxy]:
    """The proxies ``user_id`` held for ``motion_id`` that lapsed with their seat."""
    with uow:
        held = uow.proxies.held_by(user_id)
    return [p for p in held if lapsed(p) and p.motion_id in (None, motion_id)]


def counted_by_proxy(uow: UnitOfWork, motion_id: str) -> dict[str, str]:
    """Member → holder, for the motion's counted ballots that a proxy cast."""
    with uow:
        marks = uow.proxies.on_motion(motion_id)
        if not marks:
            return {}
        counted = uow.ballots.counted(motion_id)
        return {b.member_id: marks[b.audit_seq].holder for b in counted if b.audit_seq in marks}
