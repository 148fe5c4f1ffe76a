"""``poolgov report``: motions, fee changes and complaint counts, never complaint content."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.app import app
from governance.charter import MotionKind
from governance.services.complaint_deadlines import escalate_overdue_complaints
from governance.tally import Choice
from storage.audit.keys import KEY_ENV
from tests.integration.charters import SUPERVISOR
from tests.integration.complaint_steps import CANARY, acknowledge, answer, file, with_sealer
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import WEEK, close, open_kind, vote


def run(database_url: str, *extra: str) -> tuple[int, str]:
    arguments = ["report", "--from", "2027-03-01", "--to", "2027-03-31", *extra]
    result = CliRunner().invoke(
        app, [*arguments, "--database-url", database_url], env={KEY_ENV: AUDIT_KEY.decode()}
    )
    return result.exit_code, result.output


def test_the_report_counts_complaints_and_lists_motions_without_content(
    pool, database_url: str, tmp_path: Path
) -> None:
    keyed = with_sealer(pool)
    fee = open_kind(keyed, MotionKind.FEE_CHANGE, NOW).motion_id
    for member in ("acme", "beta", "gamma", "delta"):
        vote(keyed, fee, member, Choice.YES, NOW)
    close(keyed, fee, NOW + WEEK)
    on_time = file(keyed, NOW)
    acknowledge(keyed, on_time.id, NOW + timedelta(hours=1))
    answer(keyed, on_time.id, NOW + timedelta(days=1))
    file(keyed, NOW, anonymous=True)
    escalate_overdue_complaints(keyed.uow(), NOW + timedelta(days=4))

    status, markdown = run(database_url)

    assert status == 0, markdown
    assert "| fee_calculation | answered | 1 |" in markdown
    assert "| fee_calculation | escalated | 1 |" in markdown
    assert "| acknowledge | 1 | 0 | 1 | 0 | 0 |" in markdown
    assert "Licensing fee change" in markdown
    assert "grounds 0" in markdown  # the fee change's pricing basis
    assert "no meeting had its attendance recorded" in markdown
    assert CANARY not in markdown
    assert SUPERVISOR not in markdown

    status, output = run(database_url, "-o", str(tmp_path / "report"))
    assert status == 0, output
    written = {p.name: p.read_text() for p in (tmp_path / "report").iterdir()}
    assert set(written) == {
        "report.md", "motions.csv", "fee_changes.csv", "complaints.csv",
        "complaint_deadlines.csv", "meetings.csv", "actions.csv",
    }  # fmt: skip
    assert written["complaints.csv"].splitlines()[0] == "category,status,count"
    assert all(CANARY not in text and SUPERVISOR not in text for text in written.values())


def test_a_period_the_wrong_way_round_is_bad_input(pool, database_url: str) -> None:
    result = CliRunner().invoke(
        app,
        ["report", "--from", "2027-03-31", "--to", "2027-03-01", "--database-url", database_url],
    )
    assert result.exit_code == 2
