"""A complaint from filing to the agenda, and a canary that proves its content never leaks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from bot.cli.app import app
from bot.sandbox import FakeSlack
from governance.meetings.agenda import Agenda, OpenComplaint, with_open_business
from storage.engines import normalise_url, sqlite_path
from tests.e2e.complaint_flows import (
    MESSAGE_METHODS,
    SUPERVISORS_CHANNEL,
    MovableClock,
    file_complaint,
    new_key,
    put_to_motion,
    running,
    running_over_socket_mode,
    show,
    status_of,
    step,
    submit_step,
    view_text,
)
from tests.e2e.conftest import Harness
from tests.e2e.flows import eventually
from tests.e2e.pool import GOVERNANCE, OPERATOR, SUPERVISOR

CANARY = "CANARY-5b1d0c7e-e2e"


@pytest.fixture
def h(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from running(fake_slack, any_url, tmp_path, MovableClock(), new_key())


def leaked_in_messages(fake: FakeSlack) -> list[str]:
    return [
        call.method
        for call in fake.calls()
        if call.method in MESSAGE_METHODS and CANARY in json.dumps(call.params)
    ]


def leaked_in_database(url: str) -> list[str]:
    database = sqlite_path(url)
    if database is not None:
        return [
            path.name
            for path in Path(database).parent.glob(Path(database).name + "*")
            if CANARY.encode() in path.read_bytes()
        ]
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema='public'")
            ).scalars()
            return [
                table
                for table in list(tables)
                if connection.execute(
                    text(f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE :canary'),
                    {"canary": f"%{CANARY}%"},
                ).scalar_one()
            ]
    finally:
        engine.dispose()


def verify(h: Harness) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--database-url", h.settings.database_url],
        env={"POOLGOV_AUDIT_KEY": "e2e-audit-key"},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


@pytest.fixture
def over_socket_mode(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from running_over_socket_mode(fake_slack, sqlite_url, tmp_path, MovableClock(), new_key())


def test_file_acknowledge_answer_escalate_and_the_agenda_without_a_leak(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    from_filing_to_the_agenda(h)
    assert_no_leak(h, caplog)
    # the check looked where bodies would be: slack_sdk's views.open lines, bodies withheld
    assert any("views.open, (body withheld)" in r.getMessage() for r in caplog.records)
    assert verify(h)[0] == 0


def test_over_socket_mode_at_debug_the_complaint_reaches_no_log_line(
    over_socket_mode: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = over_socket_mode
    caplog.set_level(logging.DEBUG)
    from_filing_to_the_agenda(h)
    assert_no_leak(h, caplog)
    # the check looked where envelopes would be: slack_sdk's Socket Mode lines, withheld
    assert any("on_message invoked" in r.getMessage() for r in caplog.records)
    assert any("(envelope withheld; envelope_id " in r.getMessage() for r in caplog.records)


def from_filing_to_the_agenda(h: Harness) -> None:
    """A complaint filed, acknowledged, answered, escalated and put to a motion, canary inside."""
    complaint = file_complaint(
        h,
        SUPERVISOR,
        f"Double-counted decoders {CANARY}",
        f"The Q3 statement counts each decoder twice. {CANARY}",
        anonymous=True,
        evidence=f"https://example.org/{CANARY}",
    )
    cid = complaint.id
    notices = eventually(lambda: h.fake.messages(SUPERVISORS_CHANNEL))
    assert f"Complaint *{cid}*" in notices[0].text
    assert eventually(lambda: h.fake.dms_to(OPERATOR))

    shown = show(h, OPERATOR, cid)
    assert CANARY in view_text(shown)  # the content is in the view, for the operator
    assert SUPERVISOR not in view_text(shown)  # but not who filed it
    assert step(h, OPERATOR, shown, "complaint_acknowledge", cid).status == 200
    eventually(lambda: status_of(h, cid) == "acknowledged")

    shown = show(h, OPERATOR, cid)
    assert step(h, OPERATOR, shown, "complaint_answer_open", cid).status == 200
    answer = submit_step(h, OPERATOR, "complaint_answer", text=f"They were sold twice. {CANARY}")
    assert answer.status == 200, answer.text
    eventually(lambda: status_of(h, cid) == "answered")

    shown = show(h, SUPERVISOR, cid)
    assert f"<@{SUPERVISOR}>" in view_text(shown)  # supervisors see the filer
    step(h, SUPERVISOR, shown, "complaint_reject_open", cid)
    submit_step(h, SUPERVISOR, "complaint_reject", text=f"Invoices say otherwise. {CANARY}")
    eventually(lambda: status_of(h, cid) == "escalated")
    flags = eventually(
        lambda: [m for m in h.fake.messages(SUPERVISORS_CHANNEL) if "Escalated" in m.text]
    )
    assert len(flags) == 1

    with h.bot.storage.reader() as uow:
        listed = uow.complaints.open_for_agenda()
    assert listed == [OpenComplaint(cid, "fee_calculation", "escalated")]
    agenda = with_open_business(Agenda("general-assembly/2027-01-05", "notice"), [], listed)
    assert agenda.open_complaints == (OpenComplaint(cid, "fee_calculation", "escalated"),)

    shown = show(h, SUPERVISOR, cid)
    step(h, SUPERVISOR, shown, "complaint_motion_open", cid)
    submit_step(h, SUPERVISOR, "complaint_motion", title="Audit the Q3 statement", text="Resolved.")
    motion = eventually(lambda: h.fake.messages(GOVERNANCE))[0]
    put_to_motion(h, SUPERVISOR, cid)
    assert "Audit the Q3 statement" in motion.text + json.dumps(motion.blocks)


def assert_no_leak(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    assert leaked_in_messages(h.fake) == []
    assert [r for r in caplog.records if CANARY in r.getMessage()] == []
    assert CANARY not in caplog.text
    assert leaked_in_database(h.settings.database_url) == []


def test_an_altered_complaint_breaks_verify_and_refuses_to_open(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    complaint = file_complaint(h, SUPERVISOR, f"Title {CANARY}", f"Concern {CANARY}")
    assert verify(h)[0] == 0
    with h.bot.storage.uow() as uow:
        seq = uow.session.execute(text("SELECT audit_seq FROM complaints")).scalar_one()
        blob = bytearray(uow.session.execute(text("SELECT sealed FROM complaints")).scalar_one())
        blob[-1] ^= 0x01
        uow.session.execute(text("UPDATE complaints SET sealed = :b"), {"b": bytes(blob)})
        uow.commit()

    status, output = verify(h)
    assert status == 1
    assert f"complaints [complaint {complaint.id}] sealed: the chain says" in output
    assert f"(entry {seq})" in output

    h.slack.slash_command(OPERATOR, "/complaint", f"show {complaint.id}")
    refusal = eventually(lambda: h.fake.ephemerals(OPERATOR))
    assert "Nothing was lost" in refusal[0].text
    assert not [v for v in h.fake.views_opened() if v.user == OPERATOR]
    assert any("ComplaintRecordAltered" in r.getMessage() for r in caplog.records)
    assert CANARY not in caplog.text
