"""Files poolgov ships beside its code: the example charter and ballots, and the app manifest.

An installed poolgov (a wheel) has them in ``bot/packaged/`` (setup.py copies them there at build
time); in the checkout they are ``examples/`` and ``app-manifest.yaml`` at its root.
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "packaged"
CHECKOUT = Path(__file__).resolve().parent.parent
#: The sandbox page's port unless told (``poolgov sandbox --port``, ``poolgov run --sandbox-port``).
SANDBOX_PORT = 8765


def _found(name: str) -> Path:
    packaged = PACKAGED / name
    return packaged if packaged.exists() else CHECKOUT / name


def examples_dir() -> Path:
    """``examples/``: ``charter.yaml``, ``double-majority.yaml`` and ``ballots/*.csv``."""
    return _found("examples")


def manifest_path() -> Path:
    """The Slack app manifest (Socket Mode; ``poolgov manifest --http URL`` for HTTP mode)."""
    return _found("app-manifest.yaml")


def version() -> str:
    """The installed distribution's version (``poolgov --version``)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("poolgov")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
