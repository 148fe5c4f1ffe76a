"""``audit verify`` reads one snapshot: a ballot recorded while it runs (the server goes on
serving during an audit) is in neither the chain it checked nor the tables it compared, and so
is never a finding; the next verification finds it in both."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from governance.charter import MotionKind
from governance.tally import Choice
from storage.audit.verify import Checked, verify_database
from storage.record.compare import compare_tables
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import open_kind, record_is_clean, vote


def test_a_ballot_recorded_during_a_verification_is_no_finding(
    pool: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    vote(pool, motion, "acme", Choice.YES, NOW + timedelta(hours=1))

    def meanwhile(session: Any, replay: Any) -> Any:
        # the chain is read; before the tables are, another transaction records a ballot
        vote(pool, motion, "beta", Choice.NO, NOW + timedelta(hours=2))
        return compare_tables(session, replay)

    monkeypatch.setattr("storage.audit.verify.compare_tables", meanwhile)
    with pool.reader() as uow:
        during = verify_database(uow.session, AUDIT_KEY)
    monkeypatch.undo()
    assert record_is_clean(during)
    assert isinstance(during, Checked)
    assert during.compared["ballots"] == 1  # as things stood when it began
    with pool.reader() as uow:
        after = verify_database(uow.session, AUDIT_KEY)
    assert record_is_clean(after)
    assert isinstance(after, Checked)
    assert after.compared["ballots"] == 2
    assert after.length == during.length + 1
