"""The audit chain notices every kind of tampering, and names the first entry it hits."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from governance.charter import MotionKind
from governance.events import MotionClosed
from governance.tally import Choice
from storage.audit.keys import KEY_ENV
from tests.integration.conftest import AUDIT_KEY, NOW
from tests.integration.helpers import WEEK, close, execute, open_kind, vote


def verify(database_url: str, *head: str) -> tuple[int, str]:
    arguments = ["audit", "verify", "--database-url", database_url]
    if head:
        arguments += ["--head", head[0]]
    result = CliRunner().invoke(
        app, arguments, env={KEY_ENV: AUDIT_KEY.decode()}, catch_exceptions=False
    )
    return result.exit_code, result.output


@pytest.fixture
def published_head(pool) -> str:
    """Seven entries: init, open, three ballots, a changed ballot and the close (no quorum)."""
    motion = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id  # 2
    vote(pool, motion, "acme", Choice.NO, NOW)  # 3
    vote(pool, motion, "beta", Choice.NO, NOW)  # 4
    vote(pool, motion, "gamma", Choice.YES, NOW)  # 5
    vote(pool, motion, "acme", Choice.YES, NOW)  # 6
    closed = close(pool, motion, NOW + WEEK)[0]  # 7
    assert isinstance(closed, MotionClosed)
    assert closed.audit_seq == 7
    return closed.audit_head


def test_an_untouched_chain_verifies_also_against_its_published_head(
    pool, database_url, published_head
):
    status, output = verify(database_url)
    assert status == 0
    assert output.startswith(f"audit chain intact: 7 entries, head {published_head}\n")
    assert "ballots 4" in output
    assert output.endswith("every table is what the chain records\n")
    assert verify(database_url, published_head)[0] == 0


def test_a_changed_byte_in_a_payload_names_that_entry(pool, database_url, published_head):
    execute(
        pool,
        'UPDATE audit_entries SET body = replace(body, \'"choice":"no"\', \'"choice":"ni"\')'
        " WHERE seq = 4",
    )

    status, output = verify(database_url)

    assert status == 1
    assert "entry 4: content changed" in output


def test_a_deleted_entry_is_named_as_missing(pool, database_url, published_head):
    execute(pool, "DELETE FROM audit_entries WHERE seq = 4")

    status, output = verify(database_url)

    assert status == 1
    assert "entry 4: entry missing" in output


def test_two_swapped_entries_are_named_as_reordered(pool, database_url, published_head):
    execute(pool, "UPDATE audit_entries SET seq = -1 WHERE seq = 4")
    execute(pool, "UPDATE audit_entries SET seq = 4 WHERE seq = 5")
    execute(pool, "UPDATE audit_entries SET seq = 5 WHERE seq = -1")

    status, output = verify(database_url)

    assert status == 1
    assert "entry 4: order changed" in output


def test_a_truncated_tail_is_caught_by_the_head_row(pool, database_url, published_head):
    execute(pool, "DELETE FROM audit_entries WHERE seq > 6")

    status, output = verify(database_url)

    assert status == 1
    assert "entry 7: chain shorter than a published head" in output


def test_a_truncated_tail_with_a_forged_head_row_is_caught_by_the_published_head(
    pool, database_url, published_head
):
    execute(pool, "DELETE FROM audit_entries WHERE seq > 6")
    execute(
        pool,
        "UPDATE audit_head SET seq = 6,"
        " entry_hash = (SELECT entry_hash FROM audit_entries WHERE seq = 6)",
    )
    status, output = verify(database_url)  # the forger covered the chain's tracks…
    assert status == 1  # …but not the tables': the motion is closed, and no entry says so
    assert 'motions [motion 1] state: the chain says "open"' in output

    status, output = verify(database_url, published_head)  # nor in what members saw

    assert status == 1
    assert "entry 7: chain shorter than a published head" in output


@pytest.mark.parametrize("deferred", [False, True])
def test_appends_in_one_transaction_chain_on_and_the_head_row_catches_up_at_commit(
    pool, database_url, deferred
):
    with pool.uow() as uow:
        first = uow.audit.append("note", {"n": 1}, NOW, deferred=deferred)
        second = uow.audit.append("note", {"n": 2}, NOW, deferred=deferred)
        third = uow.audit.append("note", {"n": 3}, NOW)
        fourth = uow.audit.append("note", {"n": 4}, NOW, deferred=deferred)
        assert uow.audit.head() == fourth
        uow.commit()

    assert [second.seq, third.seq, fourth.seq] == [first.seq + n for n in (1, 2, 3)]
    with pool.reader() as uow:
        assert uow.audit.head() == fourth  # the head row caught up at commit
    assert verify(database_url, fourth.entry_hash)[0] == 0
