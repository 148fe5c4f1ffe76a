"""``poolgov run``: run the bot; without Slack tokens, say how to connect and what works offline.

The connected path (Bolt app, scheduler, database) is not wired yet: :func:`run` is where it joins.
"""

from __future__ import annotations

from pathlib import Path

import typer

from bot import cli_charter, cli_tally
from bot.settings import Settings
from governance.charter import MotionKind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MANIFEST = ROOT / "app-manifest.yaml"

NEEDS = (
    ("SLACK_BOT_TOKEN", "the bot token (xoxb-…) from OAuth & Permissions; required"),
    ("SLACK_APP_TOKEN", "an app-level token (xapp-…) with connections:write: Socket Mode"),
    ("SLACK_SIGNING_SECRET", "from Basic Information: HTTP mode (/slack/events), needed there"),
    ("DATABASE_URL", "where the records live (default sqlite:///poolgov.db)"),
    ("POOLGOV_CHARTER", "the charter file the pool starts from (e.g. examples/charter.yaml)"),
)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def explain_offline(charter: Path) -> None:
    """What poolgov needs to connect, then the offline commands run for real on the examples."""
    echo = typer.echo
    echo("poolgov is not connected to Slack: SLACK_BOT_TOKEN is not set.\n")
    echo("To connect, set these in the environment or in a .env file:")
    for name, what in NEEDS:
        echo(f"  {name:<22}{what}")
    where = _shown(MANIFEST) if MANIFEST.exists() else "app-manifest.yaml (not in this checkout)"
    echo(f"\nCreate the Slack app from {where} (api.slack.com/apps → From a manifest),")
    echo("install it to the workspace, then run `poolgov run` again.\n")
    echo("What works offline right now:\n")
    echo(f"$ poolgov charter check {_shown(charter)}")
    cli_charter.check_file(charter)
    ballots = EXAMPLES / "ballots" / "admission.csv"
    if charter == EXAMPLES / "charter.yaml" and ballots.exists():
        echo(f"\n$ poolgov tally {_shown(charter)} {_shown(ballots)} --kind admission")
        try:
            cli_tally.tally(charter, ballots, MotionKind.ADMISSION)
        except typer.Exit as done:
            if done.exit_code:
                echo(f"(the example tally exited with status {done.exit_code})")


def run() -> None:
    """Run poolgov in Slack; without a bot token, explain how to connect (exit status 0)."""
    settings = Settings()
    if not settings.connected:
        explain_offline(settings.charter_path or EXAMPLES / "charter.yaml")
        return
    typer.echo(
        "error: SLACK_BOT_TOKEN is set, but this build cannot connect to Slack yet.", err=True
    )
    raise typer.Exit(1)
