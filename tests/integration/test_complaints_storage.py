"""Complaints in storage: sealed at rest, bound to the audit chain, escalated and claimed once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli.app import app
from governance.complaints import ComplaintStatus, EscalationReason
from governance.meetings.agenda import OpenComplaint
from governance.services import notices
from governance.services.complaint_deadlines import (
    escalate_overdue_complaints,
    reminders_due,
)
from governance.services.complaint_queries import complaint_view
from storage.audit.keys import KEY_ENV
from storage.complaint_repo import ComplaintRecordAltered
from storage.sealing import SealBroken
from tests.integration.charters import OPERATOR, SUPERVISOR
from tests.integration.complaint_steps import CANARY, acknowledge, answer, file, with_sealer
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import execute

DAY = timedelta(days=1)


@pytest.fixture
def keyed(pool):
    return with_sealer(pool)


def verify(database_url: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--database-url", database_url],
        env={KEY_ENV: AUDIT_KEY.decode()},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def flip_a_byte(pool, complaint_id: str) -> None:
    """As someone with write access to the database (and no key) could."""
    with pool.uow() as uow:
        query = text("SELECT sealed FROM complaints WHERE id = :id")
        blob = bytearray(uow.session.execute(query, {"id": int(complaint_id)}).scalar_one())
        blob[20] ^= 0x01
        uow.session.execute(
            text("UPDATE complaints SET sealed = :blob WHERE id = :id"),
            {"blob": bytes(blob), "id": int(complaint_id)},
        )
        uow.commit()


def test_content_is_sealed_at_rest_and_opens_for_the_operator(keyed, engine_name):
    complaint = file(keyed, NOW)
    answer(keyed, complaint.id, NOW + DAY)

    view = complaint_view(keyed.reader(), keyed.parse_charter, complaint.id, OPERATOR)

    assert CANARY in view.content.concern
    assert CANARY in view.content.responses[0].text
    assert view.complaint.status is ComplaintStatus.ANSWERED
    with keyed.reader() as uow:
        for table in ("complaints", "audit_entries", "notice_outbox"):
            cast = "CAST(t AS TEXT)" if engine_name == "postgres" else "*"
            rows = uow.session.execute(text(f"SELECT {cast} FROM {table} t")).all()
            assert CANARY not in repr(rows)


def test_open_complaints_reach_the_agenda_by_id_category_and_status(keyed):
    first = file(keyed, NOW)
    second = file(keyed, NOW)
    escalate_overdue_complaints(keyed.uow(), NOW + 4 * DAY)

    with keyed.reader() as uow:
        listed = uow.complaints.open_for_agenda()

    assert listed == [
        OpenComplaint(first.id, "fee_calculation", "escalated"),
        OpenComplaint(second.id, "fee_calculation", "escalated"),
    ]


def test_a_missed_deadline_escalates_once(keyed):
    complaint = file(keyed, NOW)
    acknowledge(keyed, complaint.id, NOW + DAY)

    assert escalate_overdue_complaints(keyed.uow(), NOW + 13 * DAY) == []
    (event,) = escalate_overdue_complaints(keyed.uow(), NOW + 15 * DAY)
    assert event.complaint.escalation_reason is EscalationReason.RESPOND_DEADLINE_MISSED
    assert escalate_overdue_complaints(keyed.uow(), NOW + 16 * DAY) == []


def test_a_reminder_is_enqueued_once_and_is_then_no_longer_due(keyed):
    complaint = file(keyed, NOW)
    (reminder,) = reminders_due(keyed.uow(), NOW + 2 * DAY + timedelta(hours=1))
    assert reminder.complaint_id == complaint.id

    dm = f"{reminder.key}/to/{OPERATOR}"
    assert notices.enqueue(keyed.uow(), dm, OPERATOR, NOW, {"text": "due"}) is True
    assert notices.enqueue(keyed.uow(), dm, OPERATOR, NOW, {"text": "due"}) is False
    assert reminders_due(keyed.uow(), NOW + 2 * DAY + timedelta(hours=2)) == []


def test_the_chain_verifies_and_names_the_entry_when_the_ciphertext_changes(keyed, database_url):
    complaint = file(keyed, NOW)
    acknowledged = acknowledge(keyed, complaint.id, NOW + DAY)
    assert verify(database_url)[0] == 0
    with keyed.reader() as uow:
        seq = uow.session.execute(text("SELECT audit_seq FROM complaints")).scalar_one()
    flip_a_byte(keyed, complaint.id)

    status, output = verify(database_url)

    assert status == 1
    assert f"complaints [complaint {acknowledged.id}] sealed: the chain says" in output
    assert f"(entry {seq})" in output
    with pytest.raises(ComplaintRecordAltered, match="sealed content"):
        complaint_view(keyed.reader(), keyed.parse_charter, complaint.id, SUPERVISOR)


def test_a_changed_status_is_named_by_verify_and_refused_on_reading(keyed, database_url):
    complaint = file(keyed, NOW)
    execute(keyed, "UPDATE complaints SET status = 'closed'")

    status, output = verify(database_url)

    assert status == 1
    assert f'complaints [complaint {complaint.id}] status: the chain says "filed"' in output
    assert 'the table holds "closed"' in output
    with pytest.raises(ComplaintRecordAltered, match="status"):
        complaint_view(keyed.reader(), keyed.parse_charter, complaint.id, SUPERVISOR)


def test_a_blob_sealed_for_another_complaint_does_not_open(keyed):
    first = file(keyed, NOW)
    second = file(keyed, NOW)
    with keyed.reader() as uow:
        blob = uow.session.execute(
            text("SELECT sealed FROM complaints WHERE id = :id"), {"id": int(first.id)}
        ).scalar_one()
        sealer = keyed.sealer
        assert sealer is not None
        with pytest.raises(SealBroken):
            sealer().open(second.id, bytes(blob))
