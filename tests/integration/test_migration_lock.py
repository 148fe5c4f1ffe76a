"""Schema upgrades under a lock, and ``db current``, ``db history`` and ``db stamp``."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from migrations.runner import MIGRATION_LOCK, current_revision, head_revision, history, upgrade
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
BEHIND = history()[-2].revision  # one revision behind head


def poolgov(*args: str):
    return CliRunner().invoke(app, list(args))


def test_history_lists_every_revision_oldest_first_with_the_head_last():
    steps = history()
    assert steps[0].down_revision is None
    assert [step.down_revision for step in steps[1:]] == [step.revision for step in steps[:-1]]
    assert [step.is_head for step in steps] == [False] * (len(steps) - 1) + [True]
    assert steps[-1].revision == head_revision()


def test_db_current_history_and_stamp(empty_database_url):
    url = empty_database_url
    assert upgrade(url, BEHIND)[-1] == BEHIND

    behind = poolgov("db", "current", "--database-url", url)
    assert behind.exit_code == 1
    assert f"{BEHIND} (behind: head is {head_revision()}" in behind.output

    listed = poolgov("db", "history", "--database-url", url).output.splitlines()
    assert f"* {BEHIND}  " in listed[int(BEHIND) - 1]
    assert sum(line.startswith("*") for line in listed) == 1
    assert listed[-1].startswith(f"  {head_revision()} (head)")

    done = poolgov("db", "upgrade", "--database-url", url)
    assert done.exit_code == 0
    assert f"applied {head_revision()}" in done.output
    assert poolgov("db", "current", "--database-url", url).output.strip() == (
        f"{head_revision()} (head)"
    )
    assert "nothing to apply" in poolgov("db", "upgrade", "--database-url", url).output

    # stamp records a revision and changes no table: the tables of head are still there
    assert poolgov("db", "stamp", BEHIND, "--database-url", url).exit_code == 0
    assert current_revision(url) == BEHIND
    assert poolgov("db", "stamp", "head", "--database-url", url).exit_code == 0
    assert current_revision(url) == head_revision()
    assert upgrade(url) == []

    unknown = poolgov("db", "stamp", "9999", "--database-url", url)
    assert unknown.exit_code == 2
    assert "unknown revision" in unknown.output
    assert current_revision(url) == head_revision()


def _waiting_on_the_lock(admin: psycopg.Connection[tuple[object, ...]]) -> int:
    row = admin.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND ((classid::bigint << 32) | objid::bigint) = %s",
        (MIGRATION_LOCK,),
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


@pytest.mark.postgres
@pytest.mark.slow
def test_replicas_upgrading_together_apply_the_new_revision_once(
    postgres_server: PostgresServer, tmp_path: Path
):
    name = postgres_server.create()
    try:
        url = postgres_server.url(name)
        upgrade(url, BEHIND)
        command = [sys.executable, "-m", "bot.cli", "db", "upgrade", "--database-url", url]
        with psycopg.connect(url, autocommit=True) as holder:
            # Hold the lock as a replica mid-upgrade would, so that both start waiting on it.
            holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            replicas = [
                subprocess.Popen(
                    command,
                    cwd=tmp_path,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            deadline = time.monotonic() + 120
            while _waiting_on_the_lock(holder) < 2:
                assert all(replica.poll() is None for replica in replicas), [
                    replica.communicate() for replica in replicas
                ]
                assert time.monotonic() < deadline, "the replicas never reached the lock"
                time.sleep(0.05)
            assert current_revision(url) == BEHIND  # neither got past the lock
            holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
            outputs = [replica.communicate(timeout=120) for replica in replicas]
        assert [replica.returncode for replica in replicas] == [0, 0], outputs
        said = sorted(out for out, _ in outputs)
        assert sum(f"applied {head_revision()}" in out for out in said) == 1, said
        assert sum("nothing to apply" in out for out in said) == 1, said
        assert current_revision(url) == head_revision()
    finally:
        postgres_server.drop(name)
