"""A chain written before 0005 (HMAC, scheme 1) still verifies after it, with new scheme-2 entries
chained on; without the audit key its old entries are checked for their links only."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli.app import app
from migrations.runner import current_revision, upgrade
from storage.audit.chain import GENESIS, Verified, canonical_json, hmac_entry_hash
from storage.audit.chain_record import motion_on_chain
from storage.audit.keys import KEY_ENV
from storage.audit.log import read_entries
from storage.audit.verify import Checked, verify_database
from storage.engines import make_engine
from tests.integration.conftest import AUDIT_KEY, NOW

OLD_BODIES: list[dict[str, Any]] = [
    {"kind": "pool_initialised", "at": NOW.isoformat(), "data": {"charter_version": 1}},
    {"kind": "motion_opened", "at": NOW.isoformat(), "data": {"motion_id": 1, "kind": "general"}},
    {
        "kind": "ballot_cast",
        "at": NOW.isoformat(),
        "data": {"motion_id": 1, "member_id": "acme", "choice": "yes"},
    },
]


NOTES: list[dict[str, Any]] = [
    {"kind": "note", "at": NOW.isoformat(), "data": {"n": n}} for n in range(3)
]  # entries no table row depends on: audit verify compares no table with them


def write_old_chain(url: str, bodies: list[dict[str, Any]]) -> list[str]:
    """The entries as the code before 0005 appended them: HMAC-SHA256 with the audit key."""
    engine = make_engine(url)
    hashes, prev = [], GENESIS
    with engine.begin() as connection:
        for seq, body in enumerate(bodies, 1):
            canonical = canonical_json(body)
            digest = hmac_entry_hash(AUDIT_KEY, prev, seq, canonical)
            connection.execute(
                text(
                    "INSERT INTO audit_entries (seq, prev_hash, entry_hash, body, motion_id)"
                    " VALUES (:seq, :prev, :hash, :body, :motion)"
                ),
                {
                    "seq": seq,
                    "prev": prev,
                    "hash": digest,
                    "body": canonical,
                    "motion": body["data"].get("motion_id"),
                },
            )
            hashes.append(digest)
            prev = digest
        connection.execute(
            text("UPDATE audit_head SET seq = :seq, entry_hash = :hash WHERE id = 1"),
            {"seq": len(hashes), "hash": prev},
        )
    engine.dispose()
    return hashes


def test_an_old_chain_upgrades_chains_on_in_scheme_two_and_verifies_whole(empty_database_url):
    url = empty_database_url
    upgrade(url, "0004")
    old = write_old_chain(url, OLD_BODIES)
    upgrade(url)

    with build(url, audit_key=AUDIT_KEY) as storage:
        with storage.uow() as uow:
            new = uow.audit.append("note", {"n": 1}, NOW)
            uow.audit.append("note", {"n": 2}, NOW)
            uow.commit()
        with storage.reader() as uow:
            entries = list(read_entries(uow.session))
            keyed = verify_database(uow.session, AUDIT_KEY)
            keyless = verify_database(uow.session, None)

    assert [e.scheme for e in entries] == [1, 1, 1, 2, 2, 2]
    switch = json.loads(entries[3].body)
    assert (switch["kind"], switch["data"]) == (
        "chain_scheme_changed",
        {"scheme": 2, "keyed_entries": 3},
    )  # the migration recorded the switch
    assert new.seq == 5
    assert entries[3].prev_hash == old[-1]  # the chain links across the switch
    assert isinstance(keyed, Checked)  # the tables may differ: no table holds these entries
    assert isinstance(keyless, Checked)
    with_key, without_key = keyed.chain, keyless.chain
    assert isinstance(with_key, Verified)
    assert (with_key.length, with_key.linked_only) == (6, 0)
    assert isinstance(without_key, Verified)
    assert (without_key.length, without_key.linked_only) == (6, 3)
    (ballot,) = motion_on_chain(entries, "1").ballots
    assert ballot.receipt == "-".join([old[2][:4], old[2][4:8], old[2][8:12]])  # as shown then


def test_audit_verify_without_the_key_says_which_entries_it_checked_for_links_only(
    empty_database_url,
):
    upgrade(empty_database_url, "0004")
    write_old_chain(empty_database_url, NOTES)
    upgrade(empty_database_url)
    runner = CliRunner()
    arguments = ["audit", "verify", "--database-url", empty_database_url]

    keyed = runner.invoke(app, arguments, env={KEY_ENV: AUDIT_KEY.decode()})
    keyless = runner.invoke(app, arguments, env={KEY_ENV: ""})

    assert keyed.exit_code == 0, keyed.output
    assert "links only" not in keyed.output
    assert keyless.exit_code == 0, keyless.output
    assert "3 scheme-1 entries checked for their links only" in keyless.output


def test_a_chain_with_scheme_two_entries_refuses_to_downgrade_below_0005(empty_database_url):
    upgrade(empty_database_url, "0004")
    write_old_chain(empty_database_url, NOTES)
    upgrade(empty_database_url, "0005")  # the revisions after 0005 may be undone, and on SQLite
    # each revision's downgrade is not rolled back by a later one's refusal

    result = CliRunner().invoke(
        app, ["db", "downgrade", "0004", "--database-url", empty_database_url]
    )

    assert result.exit_code == 2, result.output
    assert "scheme-2 entries" in result.output
    assert current_revision(empty_database_url) == "0005"
