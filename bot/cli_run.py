"""``poolgov run``: run the bot; without Slack tokens, say how to connect and what works offline.

Connected, it runs Socket Mode when ``SLACK_APP_TOKEN`` is set, or serves ``/slack/events`` over
HTTP with ``--http`` (behind a load balancer, replicas share one PostgreSQL).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot import cli_charter, cli_tally, logs
from bot.cli_common import fail, settings
from bot.health import install_drain
from bot.resources import examples_dir, manifest_path
from bot.runner import NotReady, PoolBot
from governance.charter import MotionKind
from governance.errors import CharterError

EXAMPLES = examples_dir()  # in the checkout, or shipped in the wheel (bot/resources.py)
MANIFEST = manifest_path()

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
    echo(f"\nCreate the Slack app from {where} (api.slack.com/apps → From a manifest;")
    echo("`poolgov manifest --http https://HOST` prints one for HTTP mode; `poolgov init")
    echo("--example` copies it and the example charter here to start from),")
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


def run(
    http: Annotated[
        bool, typer.Option("--http", help="Serve /slack/events over HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port (with --http).")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to listen on (with --http).")] = "0.0.0.0",  # noqa: S104
) -> None:
    """Run poolgov in Slack; without a bot token, explain how to connect (exit status 0)."""
    config = settings()
    if not config.connected:
        explain_offline(config.charter_path or EXAMPLES / "charter.yaml")
        return
    logs.configure(config)  # text or JSON lines, each with its request id (bot/logs.py)
    if http and config.slack_signing_secret is None:
        fail("HTTP mode needs SLACK_SIGNING_SECRET to verify that requests come from Slack")
    if not http and config.slack_app_token is None:
        fail("Socket Mode needs SLACK_APP_TOKEN (xapp-…); or serve HTTP with --http")
    # Threads hand work to each other (listener, ballot writer); a shorter switch interval lets
    # a thread woken by I/O take the interpreter sooner.
    sys.setswitchinterval(config.switch_interval)
    try:
        bot = PoolBot(config)
    except (NotReady, CharterError) as error:
        fail(str(error))
    # Everything built so far (libraries, the app, its caches) lives as long as the process:
    # moved out of the collector's sight, it is not traversed again by every full collection,
    # which would otherwise stop every thread for tens of milliseconds in the middle of a vote.
    gc.collect()
    gc.freeze()
    # SIGTERM (a service manager stopping poolgov): /readyz answers 503 for
    # POOLGOV_DRAIN_SECONDS while requests are still served (bot/health.py), then it stops as
    # Ctrl-C does: queued ballots recorded and their receipts sent, then the process exits 0.
    install_drain(bot.health, config.drain_seconds)
    if http:
        bot.serve_http(host=host, port=port)
    else:
        bot.serve_socket_mode()
