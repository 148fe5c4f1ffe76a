"""Signed heads: Ed25519 over the head message, key ids and fingerprints, keys from the settings."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from storage.audit.signing import (
    HeadSigner,
    SigningKeyInvalid,
    head_message,
    parse_private_key,
    parse_public_keys,
    raw_public_key,
    signature_holds,
)
from storage.audit.signing_keys import (
    PUBLIC_KEYS_ENV,
    SIGNING_KEY_ENV,
    SIGNING_KEY_FILE_ENV,
    SigningKeyMissing,
    ensure_signer,
    load_public_keys,
    load_signer,
)

SEED = bytes(range(32))
HASH = "ab" * 32
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
POSTGRES = "postgresql+psycopg://poolgov@127.0.0.1:5432/poolgov"


def signer() -> HeadSigner:
    return HeadSigner(Ed25519PrivateKey.from_private_bytes(SEED))


def test_the_signed_message_is_the_versioned_head_text():
    assert head_message(7, HASH) == f"poolgov-audit-head:v1:7:{HASH}".encode()


def test_the_key_id_and_fingerprint_are_the_sha256_of_the_raw_public_key():
    key = signer()
    digest = hashlib.sha256(raw_public_key(key.public.verifier())).hexdigest()
    assert key.key_id == digest[:16]
    assert key.fingerprint.replace(" ", "") == digest
    assert [len(group) for group in key.fingerprint.split(" ")] == [4] * 16


def test_a_signature_is_padded_standard_base64_and_holds_only_for_its_head():
    head = signer().sign(7, HASH, AT)
    public = signer().public.verifier()
    assert len(base64.b64decode(head.signature, validate=True)) == 64
    assert (head.seq, head.entry_hash, head.key_id, head.signed_at) == (
        7,
        HASH,
        signer().key_id,
        AT,
    )
    assert signature_holds(public, 7, HASH, head.signature)
    assert not signature_holds(public, 8, HASH, head.signature)
    assert not signature_holds(public, 7, "cd" * 32, head.signature)
    assert not signature_holds(public, 7, HASH, "not base64!")


def test_another_key_signature_does_not_hold():
    forged = HeadSigner.generate().sign(7, HASH, AT)
    assert not signature_holds(signer().public.verifier(), 7, HASH, forged.signature)


@given(st.integers(min_value=1, max_value=2**40), st.binary(min_size=32, max_size=32))
def test_any_head_signed_verifies_with_the_published_pem(seq, digest):
    key = signer()
    head = key.sign(seq, digest.hex(), AT)
    (public,) = parse_public_keys(key.public_key_pem, "keys")
    assert signature_holds(public, seq, digest.hex(), head.signature)


def test_a_private_key_reads_as_pem_or_as_the_urlsafe_base64_of_its_seed():
    pem = signer().private_key_pem()
    seed = base64.urlsafe_b64encode(SEED).decode().rstrip("=")
    for text in (pem, seed, seed + "="):
        assert HeadSigner(parse_private_key(text, "key")).key_id == signer().key_id


@pytest.mark.parametrize("text", ["", "c2hvcnQ", "-----BEGIN PRIVATE KEY-----\nnope\n"])
def test_a_malformed_private_key_is_refused_naming_its_source(text):
    with pytest.raises(SigningKeyInvalid, match=r"^POOLGOV_SIGNING_KEY: "):
        parse_private_key(text, "POOLGOV_SIGNING_KEY")


def test_the_environment_key_comes_before_any_key_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'poolgov.db'}"
    (tmp_path / "poolgov-signing.key").write_text(HeadSigner.generate().private_key_pem())
    environ = {SIGNING_KEY_ENV: base64.urlsafe_b64encode(SEED).decode()}
    loaded = load_signer(url, environ)
    assert loaded is not None
    assert loaded.key_id == signer().key_id


def test_on_sqlite_a_missing_key_file_is_created_owner_only_beside_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'db' / 'poolgov.db'}"
    assert load_signer(url, {}) is None

    created, path = ensure_signer(url, {})

    assert path == tmp_path / "db" / "poolgov-signing.key"
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    again, none = ensure_signer(url, {})
    assert (again.key_id, none) == (created.key_id, None)


def test_a_configured_key_file_is_read_from_where_it_is_set(tmp_path):
    path = tmp_path / "elsewhere.key"
    path.write_text(signer().private_key_pem())
    loaded = load_signer("sqlite:///poolgov.db", {SIGNING_KEY_FILE_ENV: str(path)})
    assert loaded is not None
    assert loaded.key_id == signer().key_id


def test_on_postgresql_a_missing_key_is_refused_and_no_file_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SigningKeyMissing, match="every replica must sign with the same key"):
        ensure_signer(POSTGRES, {})
    with pytest.raises(SigningKeyMissing):
        ensure_signer(POSTGRES, {SIGNING_KEY_FILE_ENV: str(tmp_path / "missing.key")})
    assert list(tmp_path.iterdir()) == []


def test_older_public_keys_are_read_from_one_file_of_pems(tmp_path):
    old, older = HeadSigner.generate(), HeadSigner.generate()
    path = tmp_path / "old-keys.pem"
    path.write_text(old.public_key_pem + older.public_key_pem)

    keys = load_public_keys({PUBLIC_KEYS_ENV: str(path)})

    assert [k.key_id for k in keys] == [old.key_id, older.key_id]
    assert [k.fingerprint for k in keys] == [old.fingerprint, older.fingerprint]
    assert load_public_keys({}) == []


def test_an_unreadable_public_keys_file_is_named(tmp_path: Path):
    with pytest.raises(SigningKeyInvalid, match="POOLGOV_SIGNING_PUBLIC_KEYS"):
        load_public_keys({PUBLIC_KEYS_ENV: str(tmp_path / "none.pem")})
    (tmp_path / "empty.pem").write_text("nothing here\n")
    with pytest.raises(SigningKeyInvalid, match="holds no PEM public key"):
        load_public_keys({PUBLIC_KEYS_ENV: str(tmp_path / "empty.pem")})
