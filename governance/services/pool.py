"""The pool itself: ``poolgov init`` and audited operator updates of the register."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from governance.charter import Charter, Member, Weights
from governance.charter_check import require_sound
from governance.commands import InitialisePool, UpdateMember
from governance.electorate import require_member
from governance.errors import CharterError, GovernanceError, PayloadInvalid, UnknownMember
from governance.events import MemberUpdated, PoolInitialised
from governance.ports import CharterParser, CharterRecord, UnitOfWork
from governance.proxies import LAPSED_WITH_SEAT, in_force, lapsed_by_register
from governance.services.common import attempt, current_charter, member_data, require_operator
from governance.services.errors import PoolAlreadyInitialised
from governance.texts import N_
from governance.weights import weight_problems


def charter_text_hash(text: str) -> str:
    """SHA-256 of the charter text as written (UTF-8), hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def initialise_pool(
    command: InitialisePool, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[PoolInitialised]:
    """Record the charter as version 1 and its ``members`` as the opening register, once."""
    with uow:
        existing = uow.charters.current()
        if existing is not None:
            raise PoolAlreadyInitialised(existing.version)
        charter = require_sound(parse(command.charter_text))
        text_hash = charter_text_hash(command.charter_text)
        uow.charters.add(CharterRecord(1, command.charter_text, text_hash, now))
        uow.register.admit_all(charter.members, now)
        uow.audit.append(
            "pool_initialised",
            {
                "charter_version": 1,
                "charter_hash": text_hash,
                "register": [member_data(m) for m in charter.members],
            },
            now,
        )
        head = uow.audit.head()
        uow.commit()
    return [PoolInitialised(1, text_hash, tuple(m.id for m in charter.members), head.entry_hash)]


FIELDS = ("name", "patents", "contribution", "representatives")


def update_member(
    command: UpdateMember, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[MemberUpdated]:
    """The operator corrects a register entry; open motions keep their frozen electorate."""

    def work() -> list[MemberUpdated]:
        with uow:
            _, charter = current_charter(uow, parse)
            event, updated = _apply(command, charter, uow, now)
            _check_weights(_replaced(charter.members, updated), charter.weights)
            events = _lapse_proxies(charter, uow, [event], now)
            uow.commit()
            return events

    return attempt(work)


def update_register(
    commands: Sequence[UpdateMember], uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[MemberUpdated]:
    """Many updates in one transaction, all or none: the first refused raises
    :class:`RegisterRowRefused` naming its place in ``commands``, and nothing is written."""

    def work() -> list[MemberUpdated]:
        with uow:
            _, charter = current_charter(uow, parse)
            events = []
            seen: set[str] = set()
            for index, command in enumerate(commands):
                try:
                    if command.member_id in seen:
                        raise PayloadInvalid(
                            "id", N_("{member} is listed twice"), member=command.member_id
                        )
                    seen.add(command.member_id)
                    event, updated = _apply(command, charter, uow, now)
                    events.append(event)
                    charter = charter.with_members(_replaced(charter.members, updated))
                except GovernanceError as error:
                    raise RegisterRowRefused.of(index, error) from None
            try:
                _check_weights(charter.members, charter.weights)
            except GovernanceError as error:
                raise RegisterRowRefused.of(WHOLE_REGISTER, error) from None
            events = _lapse_proxies(charter, uow, events, now)
            uow.commit()
            return events

    return attempt(work)


def _lapse_proxies(
    charter: Charter, uow: UnitOfWork, events: list[MemberUpdated], now: datetime
) -> list[MemberUpdated]:
    """End the proxies whose holder the change unseated (audited as a revocation by the
    register); the last changed member's event names them, for the announcement."""
    changed = [e for e in events if "representatives" in e.changes]
    if not changed or not charter.proxies.allowed:
        return events
    proxies = in_force(uow.proxies.all(), now)
    seats = uow.register.members_for_users({p.holder for p in proxies})
    ended = lapsed_by_register(charter.proxies, proxies, seats, now)
    for proxy in ended:
        entry = uow.audit.append(
            "proxy_revoked",
            {
                "proxy_id": proxy.id,
                "member_id": proxy.member_id,
                "revoked_by": LAPSED_WITH_SEAT,
                "reason": "holder_unseated",
                "holder": proxy.holder,
            },
            now,
        )
        uow.proxies.revoke(proxy.id, now, LAPSED_WITH_SEAT, entry.seq)
    if not ended:
        return events
    last = events.index(changed[-1])
    lapsed = tuple((p.member_id, p.holder) for p in ended)
    return [*events[:last], replace(events[last], lapsed=lapsed), *events[last + 1 :]]


def _replaced(register: Sequence[Member], updated: Member) -> tuple[Member, ...]:
    return tuple(updated if m.id == updated.id else m for m in register)


def _check_weights(register: Sequence[Member], weights: Weights) -> None:
    problems = weight_problems(tuple(register), weights)
    if problems:
        raise CharterError(problems)


def _apply(
    command: UpdateMember, charter: Charter, uow: UnitOfWork, now: datetime
) -> tuple[MemberUpdated, Member]:
    """Check and write one update (not committed); the chain gets who, why and the difference."""
    require_operator(charter, command.actor, "update the register")
    member = require_member(charter.members, command.member_id)
    updated = _updated(member, command)
    changes = tuple(name for name in FIELDS if getattr(updated, name) != getattr(member, name))
    if not changes:
        return MemberUpdated(member.id, command.actor, (), name=member.name), member
    _check_seats(updated, charter.members)
    before, after = member_data(member), member_data(updated)
    diff = {name: (_shown(before[name]), _shown(after[name])) for name in changes}
    uow.register.update(updated, now, command.actor)
    entry = uow.audit.append(
        "member_updated",
        {
            "member": after,
            "changes": list(changes),
            "by": command.actor,
            "reason": command.reason,
            "diff": {name: {"old": before[name], "new": after[name]} for name in changes},
        },
        now,
    )
    event = MemberUpdated(
        member.id, command.actor, changes, diff, command.reason, entry.seq, updated.name
    )
    return event, updated


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


#: a :class:`RegisterRowRefused` about the register as a whole (its weights), not one row
WHOLE_REGISTER = -1


class RegisterRowRefused(GovernanceError):
    """An update among many was refused: ``index`` is its place (:data:`WHOLE_REGISTER`: the
    register as a whole), ``field`` the register field at fault (``id`` for an unknown member,
    empty when no one field is)."""

    def __init__(self, index: int, field: str, message: str) -> None:
        super().__init__(index, field, message)
        self.index = index
        self.field = field
        self.message = message

    @classmethod
    def of(cls, index: int, error: GovernanceError) -> RegisterRowRefused:
        if isinstance(error, UnknownMember):
            return cls(index, "id", str(error))
        if isinstance(error, PayloadInvalid):
            field = "representatives" if error.field in ("add_rep", "remove_rep") else error.field
            return cls(index, field, error.reason)
        return cls(index, "", str(error))

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _updated(member: Member, command: UpdateMember) -> Member:
    if command.patents is not None and command.patents < 0:
        raise PayloadInvalid("patents", "must be 0 or more")
    if command.contribution is not None and command.contribution < 0:
        raise PayloadInvalid("contribution", "must be 0 or more")
    if command.name is not None and not command.name.strip():
        raise PayloadInvalid("name", "must not be empty")
    representatives = list(
        command.representatives if command.representatives is not None else member.representatives
    )
    for user in command.remove_representatives:
        if user not in representatives:
            raise PayloadInvalid(
                "remove_rep", N_("{user} does not represent {member}"), user=user, member=member.id
            )
        representatives.remove(user)
    for user in command.add_representatives:
        if user in representatives:
            raise PayloadInvalid(
                "add_rep", N_("{user} already represents {member}"), user=user, member=member.id
            )
        representatives.append(user)
    return replace(
        member,
        name=command.name.strip() if command.name is not None else member.name,
        patents=command.patents if command.patents is not None else member.patents,
        contribution=(
            command.contribution if command.contribution is not None else member.contribution
        ),
        representatives=tuple(representatives),
    )


def _check_seats(updated: Member, register: tuple[Member, ...]) -> None:
    """One person speaks for one member."""
    if not updated.representatives:
        raise PayloadInvalid("representatives", "name at least one representative")
    for other in register:
        if other.id == updated.id:
            continue
        for user in updated.representatives:
            if user in other.representatives:
                raise PayloadInvalid(
                    "representatives",
                    N_("{user} already represents {member}"),
                    user=user,
                    member=other.id,
                )
