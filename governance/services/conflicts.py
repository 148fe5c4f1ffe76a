"""Declaring a conflict of interest on an open motion (``recuse: [declared]``).

A representative declares one for its own member; the operator records one for any member. Either
is appended to the audit chain. What a declaration does at the close is
:mod:`governance.conflicts`.
"""

from __future__ import annotations

from datetime import datetime

from governance.commands import DeclareConflict
from governance.conflicts import ConflictAlreadyDeclared, Declaration
from governance.errors import (
    MotionNotOpen,
    NotAuthorised,
    NotInElectorate,
    PayloadInvalid,
    UnknownMember,
)
from governance.events import ConflictDeclared
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, current_charter, require_operator
from governance.services.errors import UnknownMotion
from governance.texts import N_

#: longest reason kept (a sentence or two, as a modal's field allows)
REASON_LENGTH = 500


def declare_conflict(
    command: DeclareConflict, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[ConflictDeclared]:
    """Record the declaration; refused if the motion is closed, the member is not in its
    electorate, the reason is empty or one was declared already."""

    def work() -> list[ConflictDeclared]:
        with uow:
            _, charter = current_charter(uow, parse)
            stored = uow.motions.get(command.motion_id, lock=True)
            if stored is None:
                raise UnknownMotion(command.motion_id)
            motion = stored.motion
            if not motion.is_open:
                raise MotionNotOpen(motion.id, motion.state.value)
            by_operator = command.member_id is not None
            if command.member_id is not None:
                require_operator(
                    charter, command.actor, "record a conflict of interest for a member"
                )
                member_id = command.member_id
                if member_id not in motion.electorate.weights:
                    raise UnknownMember(member_id)
            else:
                found = uow.register.member_for_user(command.actor)
                if found is None:
                    raise NotAuthorised("declare a conflict of interest", "member's representative")
                member_id = found
            if member_id not in motion.electorate:
                raise NotInElectorate(motion.id, member_id, recused=True)
            reason = command.reason.strip()
            if not reason:
                raise PayloadInvalid("reason", "say why the member has a conflict of interest")
            if len(reason) > REASON_LENGTH:
                raise PayloadInvalid("reason", N_("at most {n} characters"), n=REASON_LENGTH)
            if any(d.member_id == member_id for d in uow.declarations.for_motion(motion.id)):
                raise ConflictAlreadyDeclared(motion.id, member_id)
            recused = motion.rules.recuses_declared
            entry = uow.audit.append(
                "conflict_declared",
                {
                    "motion_id": motion.id,
                    "member": member_id,
                    "reason": reason,
                    "by": command.actor,
                    "by_operator": by_operator,
                    "recused": recused,
                },
                now,
            )
            declaration = Declaration(
                motion.id, member_id, reason, command.actor, now, by_operator=by_operator
            )
            uow.declarations.add(declaration, entry.seq)
            uow.commit()
        return [ConflictDeclared(motion.id, member_id, reason, command.actor, recused, entry.seq)]

    return attempt(work)
