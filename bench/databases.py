"""The databases a bench run uses: a temporary SQLite file, or a throwaway PostgreSQL database.

PostgreSQL is found at ``POOLGOV_TEST_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``, the server ``scripts/ensure-postgres`` starts);
the bench creates its own database there and drops it at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.postgres import PostgresServer

ENGINES = ("sqlite", "postgres")
ADMIN_URL = os.environ.get(
    "POOLGOV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def database(engine: str, workdir: Path) -> Iterator[str]:
    """An empty database's URL for ``engine``; poolgov migrates it on start."""
    if engine == "sqlite":
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    if engine != "postgres":
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    server = PostgresServer(ADMIN_URL)
    name = server.create()
    try:
        yield server.url(name)
    finally:
        server.drop(name)
