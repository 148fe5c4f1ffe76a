"""Complaint content sealed at rest: AES-256-GCM, bound to the complaint it belongs to.

A sealed blob is ``version (1 byte) ‖ nonce (12 random bytes) ‖ ciphertext with its GCM tag``. The
plaintext is the content as canonical JSON; the associated data is the version byte and the
complaint id, so a blob copied onto another complaint, or with any byte changed, does not open.
The audit chain records :func:`digest` of each stored blob.

The key comes from ``POOLGOV_COMPLAINT_KEY`` (urlsafe base64 of 32 bytes; ``new,old,…`` while
rotating) or from a key file created owner-only (0600) on first use, one key per line, the first
sealing and all opening. It is never stored in the database, and is kept apart from the audit key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from governance.complaints import ComplaintContent, Response, Role
from governance.errors import GovernanceError
from storage.engines import sqlite_path

KEY_ENV = "POOLGOV_COMPLAINT_KEY"
KEY_FILE_ENV = "POOLGOV_COMPLAINT_KEY_FILE"
KEY_FILE_NAME = "poolgov-complaint.key"
KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"
_ASSOCIATED_PREFIX = b"poolgov complaint\x00"


class SealBroken(Exception):
    """A sealed blob that does not open: altered, sealed for another complaint, or a wrong key."""

    def __init__(self, complaint_id: str, reason: str) -> None:
        super().__init__(complaint_id, reason)
        self.complaint_id = complaint_id
        self.reason = reason

    def __str__(self) -> str:
        return f"The sealed content of complaint {self.complaint_id} does not open: {self.reason}."


class ComplaintKeyInvalid(Exception):
    """A complaint key that is not urlsafe base64 of exactly 32 bytes."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.source = source

    def __str__(self) -> str:
        return (
            f"The complaint key from {self.source} is not urlsafe base64 of {KEY_BYTES} random "
            "bytes (as storage.sealing.generate_key() makes)."
        )


def generate_key() -> str:
    """A new key, as urlsafe base64 text for the environment or a key file."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def decode_key(text: str, source: str = KEY_ENV) -> bytes:
    try:
        key = base64.b64decode(text.strip().encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ComplaintKeyInvalid(source) from None
    if len(key) != KEY_BYTES:
        raise ComplaintKeyInvalid(source)
    return key


def _encode(content: ComplaintContent) -> bytes:
    document = {
        "v": 1,
        "title": content.title,
        "concern": content.concern,
        "evidence": list(content.evidence),
        "responses": [
            {"by": r.by_role.value, "text": r.text, "at": r.at.astimezone(UTC).isoformat()}
            for r in content.responses
        ],
    }
    # ASCII escapes keep any str sealable, lone surrogates included
    canonical = json.dumps(document, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return canonical.encode("utf-8")


def _decode(plaintext: bytes) -> ComplaintContent:
    document: dict[str, Any] = json.loads(plaintext.decode("utf-8"))
    if document.get("v") != 1:
        raise ValueError(f"unknown content version {document.get('v')!r}")
    return ComplaintContent(
        title=document["title"],
        concern=document["concern"],
        evidence=tuple(document["evidence"]),
        responses=tuple(
            Response(Role(r["by"]), r["text"], datetime.fromisoformat(r["at"]))
            for r in document["responses"]
        ),
    )


def _associated_data(complaint_id: str) -> bytes:
    return _ASSOCIATED_PREFIX + VERSION + complaint_id.encode("utf-8")


class Sealer:
    """Seals with the first key; opens with any of them (the older ones while rotating)."""

    def __init__(self, key: bytes | None = None, *, keys: Sequence[bytes] = ()) -> None:
        all_keys = ([key] if key is not None else []) + list(keys)
        if not all_keys:
            raise ValueError("a Sealer needs at least one key")
        if any(len(k) != KEY_BYTES for k in all_keys):
            raise ValueError(f"complaint keys are {KEY_BYTES} bytes (AES-256)")
        self._ciphers = [AESGCM(k) for k in all_keys]

    def __repr__(self) -> str:  # never the keys
        return f"Sealer(<{len(self._ciphers)} key(s)>)"

    def seal(self, complaint_id: str, content: ComplaintContent) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._ciphers[0].encrypt(nonce, _encode(content), _associated_data(complaint_id))
        return VERSION + nonce + sealed

    def open(self, complaint_id: str, blob: bytes) -> ComplaintContent:
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
            raise SealBroken(complaint_id, "not a sealed blob of a known version")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        for cipher in self._ciphers:
            try:
                plaintext = cipher.decrypt(nonce, sealed, _associated_data(complaint_id))
            except InvalidTag:
                continue
            try:
                return _decode(plaintext)
            except (ValueError, KeyError, TypeError, AttributeError, GovernanceError):
                # authentic, yet unreadable; the cause is dropped lest it quote the content
                raise SealBroken(complaint_id, "the content is malformed") from None
        raise SealBroken(
            complaint_id, "altered, sealed for another complaint, or sealed with another key"
        )


def digest(blob: bytes) -> str:
    """SHA-256 of the stored blob, hex: what the audit chain records for a complaint's content."""
    return hashlib.sha256(blob).hexdigest()


def key_file_path(database_url: str, environ: Mapping[str, str]) -> Path:
    """``POOLGOV_COMPLAINT_KEY_FILE``, else ``poolgov-complaint.key`` beside the SQLite database."""
    if environ.get(KEY_FILE_ENV):
        return Path(environ[KEY_FILE_ENV])
    database = sqlite_path(database_url)
    if database:
        return Path(database).resolve().parent / KEY_FILE_NAME
    return Path.cwd() / KEY_FILE_NAME


def _read_keys(path: Path) -> list[bytes]:
    lines = path.read_text(encoding="utf-8").splitlines()
    texts = [text for text in (line.strip() for line in lines) if text and text[0] != "#"]
    if not texts:
        raise ComplaintKeyInvalid(str(path))
    return [decode_key(text, str(path)) for text in texts]


def _load_or_create_keys(path: Path) -> list[bytes]:
    try:
        return _read_keys(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return _read_keys(path)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(generate_key() + "\n")
    return _read_keys(path)


def load_or_create_key(path: Path) -> bytes:
    """The current (first) key of the key file at ``path``, created owner-only when missing."""
    return _load_or_create_keys(path)[0]


def sealer_from_settings(key_file: Path, environ: Mapping[str, str]) -> Sealer:
    """``POOLGOV_COMPLAINT_KEY`` (``new,old,…``) when set, else every key of ``key_file``."""
    if environ.get(KEY_ENV):
        return Sealer(keys=[decode_key(text) for text in environ[KEY_ENV].split(",")])
    return Sealer(keys=_load_or_create_keys(key_file))
