"""Writes held back to the commit (storage.deferred): written with it, in order, on both engines,
and a held insert that comes short is a lost race that leaves nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.bootstrap import Storage
from governance.ports import ConcurrentWrite
from storage.audit.chain import Verified, verify
from storage.audit.log import read_entries
from storage.tables import AuditEntryRow, ProcessedRequestRow
from tests.integration.conftest import AUDIT_KEY, NOW


def answers(*keys: str) -> list[tuple[str, dict[str, str]]]:
    return [(key, {"answer": f'"{key}" \\ {{quoted}}'}) for key in keys]


def entries(pool: Storage) -> int:
    with pool.reader() as uow:
        return int(
            uow.session.execute(select(func.count()).select_from(AuditEntryRow)).scalar_one()
        )


def test_held_answers_and_entries_are_written_with_the_commit(pool: Storage) -> None:
    before = entries(pool)
    with pool.uow() as uow:
        assert uow.requests.record_all(answers("a", "b", "c"), NOW, deferred=True)
        assert uow.requests.results(["a"]) == {}  # held: not written yet
        for n in range(3):
            uow.audit.append(
                "test_entry", {"n": n, "text": 'a "quoted" \\ value'}, NOW, deferred=True
            )
        uow.commit()
    with pool.reader() as uow:
        kept = uow.requests.results(["a", "b", "c"])
        assert kept == dict(answers("a", "b", "c"))
        checked = verify(read_entries(uow.session), AUDIT_KEY)
        assert isinstance(checked, Verified), checked
        assert checked.length == before + 3
        assert checked.head == uow.audit.head().entry_hash


def test_a_held_insert_that_comes_short_fails_the_commit_and_writes_nothing(pool: Storage) -> None:
    with pool.uow() as uow:
        uow.requests.record_all(answers("taken"), NOW)
        uow.commit()
    before = entries(pool)
    with pool.uow() as uow:
        uow.requests.record_all(answers("fresh", "taken"), NOW, deferred=True)
        uow.audit.append("test_entry", {"n": 1}, NOW, deferred=True)
        with pytest.raises(ConcurrentWrite, match="answered meanwhile"):
            uow.commit()
    assert entries(pool) == before
    with pool.reader() as uow:
        keys = uow.session.execute(select(ProcessedRequestRow.key)).scalars().all()
        assert sorted(keys) == ["taken"]


def test_a_rolled_back_unit_of_work_forgets_what_it_held(pool: Storage) -> None:
    with pool.uow() as uow:
        uow.requests.record_all(answers("dropped"), NOW, deferred=True)
        uow.rollback()
        uow.requests.record_all(answers("kept"), NOW, deferred=True)
        uow.commit()
    with pool.reader() as uow:
        keys = uow.session.execute(select(ProcessedRequestRow.key)).scalars().all()
        assert keys == ["kept"]
