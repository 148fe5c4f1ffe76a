"""``poolgov sandbox``: poolgov in a chat page in the browser, against the stand-in for Slack.

``make run`` without Slack tokens comes here too (with ``--demo``), after saying what connecting
to Slack would need.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import signal
import socket
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from bot.cli.common import said
from bot.i18n import _
from bot.resources import SANDBOX_PORT
from bot.sandbox.web.strings import cli_text
from storage import deployment

EXAMPLE_CHARTER = Path(__file__).resolve().parents[3] / "examples" / "charter.yaml"
DEFAULT_PORT = SANDBOX_PORT
LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    charter: Path,
    *,
    port: int = DEFAULT_PORT,
    host: str = LOOPBACK,
    database_url: str | None = None,
    demo: bool = False,
) -> None:
    """Start the sandbox and serve its page until Ctrl-C (or SIGTERM)."""
    from bot.sandbox.web.app import PageServer, build, demo_seed
    from bot.sandbox.web.session import DEFAULT_DATABASE, Sandbox, SandboxConfig, wipe

    echo = typer.echo
    workdir = Path.cwd()
    url = database_url or f"sqlite:///{workdir / DEFAULT_DATABASE}"
    try:
        mark = deployment.look(url)
        deployment.refuse_for_sandbox(mark, database_url or DEFAULT_DATABASE)
    except deployment.DeploymentMismatch as error:
        typer.echo(_("Error: {error}").format(error=said(error)), err=True)
        raise typer.Exit(2) from None
    if demo and (mark.holds_pool or mark.kind is not None):
        wipe(url)  # a sandbox's own practice pool: the demo starts it anew
    listener = socket.create_server((host, port))
    address = listener.getsockname()
    shown_host = f"[{address[0]}]" if ":" in address[0] else address[0]
    page = f"http://{shown_host}:{address[1]}/"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sandbox = Sandbox(SandboxConfig(charter, url, workdir))
    try:
        sandbox.start()
    except deployment.DeploymentMismatch as error:
        listener.close()
        typer.echo(_("Error: {error}").format(error=said(error)), err=True)
        raise typer.Exit(2) from None
    try:
        if demo:
            demo_seed(sandbox)
            echo(cli_text("seeded"))
        echo(cli_text("database").format(database=database_url or DEFAULT_DATABASE))
        if not is_loopback(host):
            echo(cli_text("exposed").format(host=host), err=True)
        echo(cli_text("serving").format(url=page))
        server = PageServer(build(sandbox, seed=demo_seed if demo else None))
        # uvicorn stops on SIGINT or SIGTERM, then raises the signal again once it has stopped:
        # both end here as a KeyboardInterrupt, and the bot stops in order below
        signal.signal(signal.SIGTERM, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[listener])
    finally:
        sandbox.stop()
        listener.close()
        echo(cli_text("stopped"))


def sandbox(
    charter: Annotated[
        Path | None,
        typer.Option(help="The charter the practice pool starts from (default: the example)."),
    ] = None,
    port: Annotated[int, typer.Option(help="The page's port on this machine (0: any free).")] = (
        DEFAULT_PORT
    ),
    host: Annotated[
        str, typer.Option(help="Address to serve on; anything but loopback is warned about.")
    ] = LOOPBACK,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="The sandbox's own database (default: poolgov-sandbox.db here). Never one used "
            "with real Slack: that is refused.",
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Start over with a pool at work: a motion with votes, a drafted fee change, a "
            "meeting in two days, a complaint.",
        ),
    ] = False,
) -> None:
    """Try poolgov without Slack: a chat page in the browser running the real bot."""
    chosen = charter or EXAMPLE_CHARTER
    if not chosen.is_file():
        typer.echo(_("Error: no charter at {path}").format(path=chosen), err=True)
        raise typer.Exit(2)
    serve(chosen, port=port, host=host, database_url=database_url, demo=demo)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
