"""``poolgov export ics`` reads the operator's changes from the database that holds the pool."""

from __future__ import annotations

from datetime import UTC, datetime

from typer.testing import CliRunner

from bot.bootstrap import Storage
from bot.cli.app import app
from governance.meetings.commands import CancelMeeting
from governance.services.meetings import cancel_meeting
from tests.integration.charters import OPERATOR
from tests.integration.meeting_steps import CALENDAR, KEY_MAR_22, meeting_pool

__all__ = ["meeting_pool"]


def test_the_export_shows_a_cancelled_occurrence_as_an_exception(meeting_pool: Storage):
    pool = meeting_pool
    now = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    cancel = CancelMeeting(OPERATOR, KEY_MAR_22)
    cancel_meeting(cancel, pool.uow(), now, pool.parse_charter, CALENDAR)
    env = {"DATABASE_URL": pool.database_url, "POOLGOV_CHARTER": ""}
    result = CliRunner().invoke(app, ["export", "ics", "--meeting", "weekly"], env=env)
    assert result.exit_code == 0, result.output
    assert b"EXDATE;TZID=Europe/Berlin:20270322T100000" in result.stdout_bytes
    assert b"SUMMARY:Weekly Committee" in result.stdout_bytes
