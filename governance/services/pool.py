"""The pool itself: ``poolgov init`` and audited operator updates of the register."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

from governance.charter import Member
from governance.charter_check import require_sound
from governance.commands import InitialisePool, UpdateMember
from governance.electorate import require_member
from governance.errors import CharterError, PayloadInvalid
from governance.events import MemberUpdated, PoolInitialised
from governance.ports import CharterParser, CharterRecord, UnitOfWork
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


def update_member(
    command: UpdateMember, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[MemberUpdated]:
    """The operator corrects a register entry; open motions keep their frozen electorate."""

    def work() -> list[MemberUpdated]:
        with uow:
            _, charter = current_charter(uow, parse)
            require_operator(charter, command.actor, "update the register")
            member = require_member(charter.members, command.member_id)
            updated = _updated(member, command)
            changes = tuple(
                name
                for name in ("name", "patents", "contribution", "representatives")
                if getattr(updated, name) != getattr(member, name)
            )
            if not changes:
                return [MemberUpdated(member.id, command.actor, ())]
            _check_seats(updated, charter.members)
            register = tuple(updated if m.id == member.id else m for m in charter.members)
            problems = weight_problems(register, charter.weights)
            if problems:
                raise CharterError(problems)
            uow.register.update(updated, now, command.actor)
            uow.audit.append(
                "member_updated",
                {"member": member_data(updated), "changes": list(changes), "by": command.actor},
                now,
            )
            uow.commit()
            return [MemberUpdated(member.id, command.actor, changes)]

    return attempt(work)


def _updated(member: Member, command: UpdateMember) -> Member:
    if command.patents is not None and command.patents < 0:
        raise PayloadInvalid("patents", "must be 0 or more")
    if command.contribution is not None and command.contribution < 0:
        raise PayloadInvalid("contribution", "must be 0 or more")
    return replace(
        member,
        name=command.name if command.name is not None else member.name,
        patents=command.patents if command.patents is not None else member.patents,
        contribution=(
            command.contribution if command.contribution is not None else member.contribution
        ),
        representatives=(
            command.representatives
            if command.representatives is not None
            else member.representatives
        ),
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
