"""Helpers every service shares: retrying a lost race, the current charter, the operator check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from governance.charter import Charter, Member
from governance.errors import NotAuthorised
from governance.ports import CharterParser, CharterRecord, ConcurrentWrite, UnitOfWork
from governance.quantities import format_rational
from governance.services.errors import PoolNotInitialised

T = TypeVar("T")
ATTEMPTS = 8


def attempt(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run ``work`` (one whole unit of work) again when storage reports a lost race."""
    for remaining in range(attempts, 0, -1):
        try:
            return work()
        except ConcurrentWrite:
            if remaining == 1:
                raise
    raise AssertionError("unreachable")


def current_charter(uow: UnitOfWork, parse: CharterParser) -> tuple[CharterRecord, Charter]:
    """The charter in force, over the register as the database holds it (not the file's list)."""
    record, charter = charter_rules(uow, parse)
    return record, charter.with_members(uow.register.current())


def charter_rules(uow: UnitOfWork, parse: CharterParser) -> tuple[CharterRecord, Charter]:
    """The charter in force as its text reads: its rules (the operator, the supervisors, the
    pool's language and time zone, every kind's voting rules), with the members its text lists,
    not the register. For what never looks at a member: the register is the largest thing a
    charter is read with, ten thousand rows in a large pool."""
    record = uow.charters.current()
    if record is None:
        raise PoolNotInitialised()
    return record, replace(parse(record.text), version=record.version)


def require_operator(charter: Charter, actor: str, action: str) -> None:
    """``operator.users``: only they post, withdraw and update the register."""
    if actor not in charter.operator.users:
        raise NotAuthorised(action, "operator")


def member_data(member: Member) -> dict[str, Any]:
    """A register entry as the audit chain records it."""
    return {
        "id": member.id,
        "name": member.name,
        "patents": member.patents,
        "contribution": format_rational(member.contribution),
        "representatives": list(member.representatives),
    }
