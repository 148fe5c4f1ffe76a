"""Signed heads: stored once per head and key; ``poolgov run`` on PostgreSQL needs a signing key;
``poolgov init`` on SQLite creates one owner-only; ``/pool charter`` shows its fingerprint."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from bot.bootstrap import Storage
from bot.cli.app import app
from bot.slack.pool_blocks import SigningKeyRow, charter_blocks
from governance.charter import MotionKind
from governance.services.queries import charter_in_force
from governance.tally import Choice
from storage.audit.signed_heads import sign_current_head, signed_heads
from storage.audit.signing import (
    HeadSigner,
    PublicKey,
    SignedHead,
    parse_public_key,
    signature_holds,
)
from tests.integration.charters import charter_text
from tests.integration.conftest import NOW, SIGNING_KEY
from tests.integration.helpers import open_kind, vote

SIGNER = HeadSigner(Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(SIGNING_KEY)))


def sign(pool: Storage) -> SignedHead:
    with pool.uow() as uow:
        signed = sign_current_head(uow.session, SIGNER, NOW)
        uow.commit()
    return signed


def test_the_current_head_is_signed_once_and_the_stored_signature_returned_after(pool):
    first = sign(pool)
    again = sign(pool)
    with pool.reader() as uow:
        head = uow.audit.head()
        stored = signed_heads(uow.session)

    assert first == again
    assert stored == [first]
    assert (first.seq, first.entry_hash, first.key_id) == (head.seq, head.entry_hash, SIGNER.key_id)
    assert signature_holds(SIGNER.public.verifier(), head.seq, head.entry_hash, first.signature)


def test_a_new_head_gets_its_own_signature(pool):
    first = sign(pool)
    vote(pool, open_kind(pool, MotionKind.GENERAL, NOW).motion_id, "acme", Choice.YES, NOW)
    second = sign(pool)

    with pool.reader() as uow:
        assert [h.seq for h in signed_heads(uow.session)] == [first.seq, second.seq]
        assert [h.seq for h in signed_heads(uow.session, up_to=first.seq)] == [first.seq]


def test_init_on_sqlite_writes_the_signing_key_owner_only_and_prints_its_fingerprint(tmp_path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(charter_text(4), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'poolgov.db'}"
    environ = {"POOLGOV_SIGNING_KEY": "", "POOLGOV_SIGNING_KEY_FILE": ""}

    result = CliRunner().invoke(app, ["init", str(charter), "--database-url", url], env=environ)

    assert result.exit_code == 0, result.output
    key_file = tmp_path / "poolgov-signing.key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert f"signing key written to {key_file} (owner-only)" in result.output
    assert "fingerprint" in result.output


@pytest.mark.postgres
def test_run_on_postgresql_refuses_to_start_without_a_signing_key(
    postgres_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    name = postgres_server.create()
    monkeypatch.chdir(tmp_path)  # where a key file would land, and no .env
    for variable in list(os.environ):
        if variable.startswith(("SLACK_", "POOLGOV_")):
            monkeypatch.delenv(variable)
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-test",
        "DATABASE_URL": postgres_server.url(name),
    }
    try:
        result = CliRunner().invoke(app, ["run"], env=environ)
    finally:
        postgres_server.drop(name)

    assert result.exit_code == 2, result.output
    assert "No signing key: on PostgreSQL set POOLGOV_SIGNING_KEY" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_charter_answer_shows_the_signing_key_id_fingerprint_and_public_key(pool):
    in_force = charter_in_force(pool.reader(), pool.parse_charter)
    row = SigningKeyRow(SIGNER.key_id, SIGNER.fingerprint, SIGNER.public_key_pem)
    blocks = charter_blocks(in_force.charter, 1, row)
    shown = "\n".join(str(b.get("text", {}).get("text", "")) for b in blocks)
    assert SIGNER.key_id in shown
    assert SIGNER.fingerprint in shown
    pem = shown.split("```")[1]  # the key as a member copies it out of Slack
    assert parse_public_key(pem, "/pool charter") is not None
    assert PublicKey.of(parse_public_key(pem, "/pool charter")).key_id == SIGNER.key_id
