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

from bot import logs
from bot.cli.common import fail, said, settings
from bot.health import install_drain
from bot.i18n import N_, _
from bot.resources import SANDBOX_PORT, examples_dir, manifest_path
from bot.runner import NotReady, PoolBot
from governance.errors import CharterError
from storage import deployment

EXAMPLES = examples_dir()  # in the checkout, or shipped in the wheel (bot/resources.py)
MANIFEST = manifest_path()

NEEDS = (
    ("SLACK_BOT_TOKEN", N_("the bot token (xoxb-…) from OAuth & Permissions; required")),
    ("SLACK_APP_TOKEN", N_("an app-level token (xapp-…) with connections:write: Socket Mode")),
    (
        "SLACK_SIGNING_SECRET",
        N_("from Basic Information: HTTP mode (/slack/events), needed there"),
    ),
    ("DATABASE_URL", N_("where the records live (default sqlite:///poolgov.db)")),
    ("POOLGOV_CHARTER", N_("the charter file the pool starts from (e.g. examples/charter.yaml)")),
)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def explain_offline() -> None:
    """What poolgov needs to connect to Slack (then the sandbox starts instead)."""
    from bot.sandbox.web.strings import cli_text  # the sandbox only loads when it is served

    echo = typer.echo
    echo(cli_text("not_connected") + "\n")
    echo(cli_text("to_connect"))
    for name, what in NEEDS:
        echo(f"  {name:<22}{_(what)}")
    where = _shown(MANIFEST) if MANIFEST.exists() else _("app-manifest.yaml (not in this checkout)")
    echo("\n" + cli_text("manifest").format(manifest=where) + "\n")
    echo(cli_text("starting"))


def run(
    http: Annotated[
        bool, typer.Option("--http", help="Serve /slack/events over HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port (with --http).")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to listen on (with --http).")] = "0.0.0.0",  # noqa: S104
    sandbox_port: Annotated[
        int, typer.Option(help="The sandbox page's port when no Slack token is set.")
    ] = SANDBOX_PORT,
) -> None:
    """Run poolgov in Slack; without a bot token, say how to connect and start the sandbox."""
    config = settings()
    if not config.connected:
        from bot.sandbox.web import cli as cli_sandbox

        explain_offline()
        cli_sandbox.serve(
            config.charter_path or EXAMPLES / "charter.yaml",
            port=sandbox_port,
            demo=True,
            database_url=config.database_url if config.database_url_given else None,
        )
        return
    if deployment.look(config.database_url).kind == deployment.SANDBOX:
        fail(said(deployment.DeploymentMismatch(deployment.SANDBOX_REFUSED)))
    logs.configure(config)  # text or JSON lines, each with its request id (bot/logs.py)
    if http and config.slack_signing_secret is None:
        fail(_("HTTP mode needs SLACK_SIGNING_SECRET to verify that requests come from Slack"))
    if not http and config.slack_app_token is None:
        fail(_("Socket Mode needs SLACK_APP_TOKEN (xapp-…); or serve HTTP with --http"))
    # Threads hand work to each other (listener, ballot writer); a shorter switch interval lets
    # a thread woken by I/O take the interpreter sooner.
    sys.setswitchinterval(config.switch_interval)
    try:
        bot = PoolBot(config)
        deployment.claim(bot.storage.engine, deployment.SLACK, bot.runtime.clock())
    except (NotReady, CharterError, deployment.DeploymentMismatch) as error:
        fail(said(error))
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
