"""A complaint locked while another step changes it is read as that step committed it.

On PostgreSQL a ``SELECT … FOR UPDATE OF complaints`` joined to the audit entry waits for the
other step, then re-reads the complaint row but keeps the audit row of its own snapshot: the
step's new entry is missing from the join, and the complaint read as altered outside poolgov.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import text

from governance.complaints import Complaint, ComplaintStatus
from governance.services.complaints import audit_data
from tests.integration.complaint_steps import file, with_sealer
from tests.integration.conftest import NOW


def waiting_on_a_lock(pool) -> bool:
    with pool.reader() as uow:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(uow.session.execute(query).scalar_one()) > 0


@pytest.mark.postgres
@pytest.mark.parametrize("engine_name", ["postgres"])  # SQLite has one writer at a time
def test_a_complaint_locked_during_another_step_reads_as_that_step_left_it(pool) -> None:
    keyed = with_sealer(pool)
    filed = file(keyed, NOW)
    got: list[Complaint | None] = []
    failed: list[BaseException] = []

    def lock_and_read() -> None:
        try:
            with keyed.uow() as uow:
                got.append(uow.complaints.get(filed.id, lock=True))
        except BaseException as error:  # reported by the test below
            failed.append(error)

    with keyed.uow() as step:
        current = step.complaints.get(filed.id, lock=True)
        assert current is not None
        changed = replace(current, status=ComplaintStatus.ACKNOWLEDGED)
        digest = step.complaints.digest(filed.id)
        entry = step.audit.append("complaint_acknowledged", audit_data(changed, digest, None), NOW)
        step.complaints.update(changed, current.status.value, None, entry.seq)
        reader = threading.Thread(target=lock_and_read)
        reader.start()
        while not waiting_on_a_lock(keyed) and reader.is_alive():
            reader.join(0.01)
        step.commit()
    reader.join()
    assert failed == []
    assert [c.status if c else None for c in got] == [ComplaintStatus.ACKNOWLEDGED]
