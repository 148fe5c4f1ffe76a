"""``python -m poolgov`` and the ``poolgov`` console script.

Before the command line is imported, :func:`check_packages` makes sure that poolgov's top-level
packages (``bot``, ``governance``, ``storage``, ``migrations``) are poolgov's own, all installed
side by side: another distribution with a package of the same name would otherwise be imported in
their place and fail in some obscure way.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PACKAGES = ("bot", "governance", "storage", "migrations")


def clashes() -> list[str]:
    """Each of poolgov's packages found somewhere other than beside this one."""
    home = Path(__file__).resolve().parent.parent
    found = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None or Path(origin).resolve().parent.parent != home:
            found.append(f"{name} ({origin or 'not found'})")
    return found


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # at once, without importing the whole command line
        from bot.resources import version

        sys.stdout.write(f"poolgov {version()}\n")
        return
    wrong = clashes()
    if wrong:
        sys.stderr.write(
            "error: poolgov's packages are shadowed by others of the same name: "
            + ", ".join(wrong)
            + "; install poolgov in a virtual environment of its own\n"
        )
        raise SystemExit(2)
    from bot.cli.launch import main as cli

    cli()
