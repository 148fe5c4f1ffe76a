"""The sandbox behind the page: signed like Slack, kept apart from real pools, seeded by --demo.

The page itself is driven in a browser in tests/browser; here the same ``Sandbox`` is driven
directly, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from bot.sandbox.web import app as page_app
from bot.sandbox.web import demo
from bot.sandbox.web.session import GOVERNANCE_CHANNEL, Sandbox, SandboxConfig
from migrations import runner as migrations
from storage import deployment
from storage.engines import make_engine
from tests.e2e.flows import eventually

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "charter.yaml"
OPERATOR = "U0POOLOPS1"


def sandbox_on(url: str, tmp_path: Path) -> Sandbox:
    return Sandbox(SandboxConfig(EXAMPLE, url, tmp_path))


@pytest.fixture
def running(any_url: str, tmp_path: Path) -> Iterator[Sandbox]:
    sandbox = sandbox_on(any_url, tmp_path).start()
    yield sandbox
    sandbox.stop()


def mark(url: str, kind: str) -> None:
    migrations.upgrade(url)
    engine = make_engine(url)
    try:
        deployment.claim(engine, kind, datetime.now(UTC))
    finally:
        engine.dispose()


def test_the_bot_refuses_a_forged_or_stale_request_from_the_sandbox_as_from_slack(
    running: Sandbox,
):
    slack = running.slack
    assert slack.slash_command(OPERATOR, "/pool", "members", forge=True).status == 401
    assert slack.slash_command(OPERATOR, "/pool", "members", stale=True).status == 401
    assert running.fake.ephemerals(OPERATOR) == []
    assert slack.slash_command(OPERATOR, "/pool", "members").status == 200
    eventually(lambda: running.fake.ephemerals(OPERATOR))
    # and the bot's calls go to the stand-in only, never to Slack
    assert running.running_bot.settings.api_base_url.startswith(running.fake.url)


def test_the_sandbox_refuses_a_database_used_with_real_slack(any_url: str, tmp_path: Path):
    mark(any_url, deployment.SLACK)
    with pytest.raises(deployment.DeploymentMismatch, match="used with real Slack"):
        sandbox_on(any_url, tmp_path).start()
    result = CliRunner().invoke(app, ["sandbox", "--database-url", any_url, "--port", "0"])
    assert result.exit_code == 2
    assert "used with real Slack" in result.output


def test_the_sandbox_refuses_an_unmarked_database_that_holds_a_pool(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    result = CliRunner().invoke(app, ["init", str(EXAMPLE), "--database-url", url])
    assert result.exit_code == 0, result.output
    with pytest.raises(deployment.DeploymentMismatch, match="used with real Slack"):
        sandbox_on(url, tmp_path).start()


def test_real_slack_refuses_a_sandbox_database(
    any_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    sandbox = sandbox_on(any_url, tmp_path).start()
    sandbox.stop()
    monkeypatch.chdir(tmp_path)
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-real",
        "SLACK_APP_TOKEN": "xapp-real",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",  # nothing may be called anyway
        "DATABASE_URL": any_url,
        "POOLGOV_SIGNING_KEY": "ZTJlLXNpZ25pbmcta2V5LXNlZWQtb2YtMzItYnl0ZXM=",
    }
    result = CliRunner().invoke(app, ["run"], env=environ)
    assert result.exit_code == 2, result.output
    assert "holds a sandbox pool" in result.output
    assert deployment.look(any_url).kind == deployment.SANDBOX


def test_the_demo_seeds_a_pool_at_work_and_time_moves_it_on(running: Sandbox):
    demo.seed(running)
    fake = running.fake
    (motion,) = [m for m in fake.messages(GOVERNANCE_CHANNEL) if "Motion 1" in m.text]
    eventually(lambda: "3 of 12 members voted" in str(fake.message(GOVERNANCE_CHANNEL, motion.ts)))
    (draft,) = fake.modal_stack(OPERATOR)
    assert draft.callback_id == "motion_draft"
    assert "fee_change" in draft.view["private_metadata"]
    assert running.draft(draft.id)["proposed_royalty"]
    meeting = running.next_meeting()
    assert meeting is not None
    assert timedelta(days=1) < meeting - running.clock() <= timedelta(days=2)
    agenda = [e.text for e in fake.ephemerals() if e.text.startswith("Added to the agenda")]
    assert len(agenda) == 2
    assert any("New Complaint *1*" in m.text for m in fake.messages("G0SUPERVISE"))

    before = len(fake.messages("C0LICENSING"))
    running.advance_to(meeting - timedelta(hours=1, minutes=-1))  # inside the 1h reminder
    eventually(lambda: len(fake.messages("C0LICENSING")) > before)
    # the next deadline is the complaint's acknowledgement (3 days), then the motion's close
    deadline = running.next_deadline()
    assert deadline is not None
    assert deadline - running.clock() <= timedelta(days=3)
    told = len(fake.messages("G0SUPERVISE")) + len(fake.dms_to(OPERATOR))
    running.advance_to(deadline + timedelta(seconds=1))
    eventually(lambda: len(fake.messages("G0SUPERVISE")) + len(fake.dms_to(OPERATOR)) > told)
    deadline = running.next_deadline()
    assert deadline is not None
    running.advance_to(deadline + timedelta(seconds=1))
    eventually(lambda: "Closed" in str(fake.message(GOVERNANCE_CHANNEL, motion.ts)))
    assert running.next_deadline() is None


def test_the_page_is_served_on_loopback_unless_a_host_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(page_app.PageServer, "run", lambda self, sockets=None: None)
    quiet = CliRunner().invoke(app, ["sandbox", "--port", "0"])
    assert quiet.exit_code == 0, quiet.output
    assert "http://127.0.0.1:" in quiet.output
    assert "Warning" not in quiet.output
    asked: list[tuple[str, int]] = []

    def loopback_instead(address: tuple[str, int]) -> socket.socket:
        asked.append(address)  # the test binds nothing beyond loopback
        return real_create_server(("127.0.0.1", 0))

    real_create_server = socket.create_server
    monkeypatch.setattr(socket, "create_server", loopback_instead)
    exposed = CliRunner().invoke(app, ["sandbox", "--port", "0", "--host", "192.0.2.7"])
    assert exposed.exit_code == 0, exposed.output
    assert asked == [("192.0.2.7", 0)]
    assert "Warning: the sandbox is served on 192.0.2.7" in exposed.output


def test_reset_starts_over_with_an_empty_pool_still_marked_as_the_sandbox(running: Sandbox):
    demo.seed(running)
    running.advance(timedelta(days=1))
    running.reset()
    assert running.fake.messages(GOVERNANCE_CHANNEL) == []
    assert running.next_deadline() is None
    assert running.clock.offset == timedelta(0)
    assert deployment.look(running.config.database_url).kind == deployment.SANDBOX
    demo.seed(running)  # and the demo runs again on the new pool
    assert running.next_deadline() is not None
