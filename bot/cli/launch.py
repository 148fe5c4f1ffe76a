"""Which command line to load: ``poolgov run`` loads only its own command.

A server lives for months with whatever it imported at start. The whole command line imports
every command's module (the sandbox, the exports, the reports); ``run`` needs none of them, so
``poolgov run …`` builds the same group (:func:`bot.cli.root.new_app`) with ``run`` alone, and
any other command line gets the whole of :mod:`bot.cli.app`. Help and errors for ``run`` read
the same either way.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["run"]:
        from bot.cli import run as cli_run
        from bot.cli.root import new_app

        app = new_app()
        app.command("run")(cli_run.run)
        app(args=args, prog_name="poolgov")
        return
    from bot.cli.app import app as whole

    whole(args=args, prog_name="poolgov")
