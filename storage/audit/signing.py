"""Signed chain heads: Ed25519 over ``"poolgov-audit-head:v1:{seq}:{entry_hash}"``.

A signed head says "the chain, as its operator holds it, reached entry ``seq`` with this hash".
The signing key stays outside the database; its public key is published (in ``/pool charter`` and
in every export) with a *key id* (the first 16 hex digits of the SHA-256 of the raw 32-byte
public key) and a *fingerprint* (the whole SHA-256, in groups of four) that people can compare
aloud. Keys rotate: every signature names the key id that made it. This module imports no
database code: ``poolgov audit check`` uses it on an export.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from storage.findings import Finding

HEAD_MESSAGE = "poolgov-audit-head:v1:{seq}:{entry_hash}"
NOT_ED25519 = Finding("the PEM key is not an Ed25519 key")


class SigningKeyInvalid(Exception):
    """A signing or public key that is not an Ed25519 key in a form poolgov reads: ``source``
    names where it came from, ``reason`` (a :class:`Finding` when poolgov words it) says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(source, reason)
        self.source = source
        self.reason = reason

    @property
    def finding(self) -> Finding:
        return Finding("{source}: {reason}", source=self.source, reason=self.reason)

    def __str__(self) -> str:
        return str(self.finding)


def head_message(seq: int, entry_hash: str) -> bytes:
    return HEAD_MESSAGE.format(seq=seq, entry_hash=entry_hash).encode("utf-8")


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_key(key)).hexdigest()[:16]


def fingerprint(key: Ed25519PublicKey) -> str:
    digest = hashlib.sha256(raw_public_key(key)).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


@dataclass(frozen=True)
class PublicKey:
    """A published verification key: what ``keys.json`` lists."""

    key_id: str
    fingerprint: str
    public_key_pem: str

    @classmethod
    def of(cls, key: Ed25519PublicKey) -> PublicKey:
        return cls(key_id(key), fingerprint(key), public_key_pem(key))

    def verifier(self) -> Ed25519PublicKey:
        return parse_public_key(self.public_key_pem, f"public key {self.key_id}")


@dataclass(frozen=True)
class SignedHead:
    """A chain head and its signature (base64, standard alphabet, padded)."""

    seq: int
    entry_hash: str
    key_id: str
    signature: str
    signed_at: datetime


class HeadSigner:
    """Signs chain heads with one Ed25519 private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key
        self.public = PublicKey.of(private_key.public_key())

    @classmethod
    def generate(cls) -> HeadSigner:
        return cls(Ed25519PrivateKey.generate())

    @property
    def key_id(self) -> str:
        return self.public.key_id

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    @property
    def public_key_pem(self) -> str:
        return self.public.public_key_pem

    def private_key_pem(self) -> str:
        return self._private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")

    def sign(self, seq: int, entry_hash: str, signed_at: datetime | None = None) -> SignedHead:
        signature = self._private_key.sign(head_message(seq, entry_hash))
        return SignedHead(
            seq,
            entry_hash,
            self.key_id,
            base64.b64encode(signature).decode("ascii"),
            signed_at or datetime.now(UTC),
        )


def signature_holds(key: Ed25519PublicKey, seq: int, entry_hash: str, signature: str) -> bool:
    """Whether ``signature`` (base64) is ``key``'s signature of the head ``seq``/``entry_hash``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        key.verify(raw, head_message(seq, entry_hash))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def parse_private_key(text: str, source: str) -> Ed25519PrivateKey:
    """A PEM PKCS#8 Ed25519 private key, or the urlsafe base64 of its 32-byte seed."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(stripped.encode("ascii"), password=None)
        except (ValueError, TypeError, UnicodeEncodeError) as error:
            raise SigningKeyInvalid(
                source, Finding("not a readable PEM private key ({error})", error=error)
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyInvalid(source, NOT_ED25519)
        return key
    try:
        seed = base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise SigningKeyInvalid(
            source,
            Finding("neither a PEM Ed25519 private key nor the urlsafe base64 of a 32-byte seed"),
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


def parse_public_key(text: str, source: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(text.strip().encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise SigningKeyInvalid(
            source, Finding("not a readable PEM public key ({error})", error=error)
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyInvalid(source, NOT_ED25519)
    return key


def parse_public_keys(text: str, source: str) -> list[Ed25519PublicKey]:
    """Every PEM public key in ``text`` (a file of several, concatenated)."""
    marker = "-----BEGIN PUBLIC KEY-----"
    blocks = [marker + part for part in text.split(marker)[1:]]
    if not blocks:
        raise SigningKeyInvalid(
            source, Finding("holds no PEM public key (-----BEGIN PUBLIC KEY-----)")
        )
    return [
        parse_public_key(block, Finding("{source}, key {number}", source=source, number=n))
        for n, block in enumerate(blocks, 1)
    ]
