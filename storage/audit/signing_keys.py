"""The signing key and the older public keys, from the settings.

- ``POOLGOV_SIGNING_KEY``: the private key itself, PEM PKCS#8 or the urlsafe base64 of its
  32-byte seed;
- else ``POOLGOV_SIGNING_KEY_FILE``: a file holding the PEM; on SQLite it defaults to
  ``poolgov-signing.key`` beside the database file, and ``poolgov init``/``run`` create it
  owner-only (0600) when it is missing. On PostgreSQL no key file is ever created: replicas share
  one database and must sign with one key, so the key is configured or ``run`` refuses to start.
- ``POOLGOV_SIGNING_PUBLIC_KEYS``: a file of PEM public keys that signed earlier heads (rotation).

The key is never stored in the database: whoever can rewrite the tables still cannot sign a head.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from storage.audit.signing import (
    HeadSigner,
    PublicKey,
    SigningKeyInvalid,
    parse_private_key,
    parse_public_keys,
)
from storage.engines import sqlite_path
from storage.findings import Finding

SIGNING_KEY_ENV = "POOLGOV_SIGNING_KEY"
SIGNING_KEY_FILE_ENV = "POOLGOV_SIGNING_KEY_FILE"
PUBLIC_KEYS_ENV = "POOLGOV_SIGNING_PUBLIC_KEYS"
SIGNING_KEY_FILE_NAME = "poolgov-signing.key"


class SigningKeyMissing(Exception):
    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self.path = path

    @property
    def finding(self) -> Finding:
        if self.path is None:
            return Finding(
                "No signing key: on PostgreSQL set {key} (the PEM private key) or {file} (a file "
                "holding it); poolgov never creates one there, since every replica must sign with "
                "the same key.",
                key=SIGNING_KEY_ENV,
                file=SIGNING_KEY_FILE_ENV,
            )
        return Finding(
            "No signing key: set {key}, or keep the key file {path} (`poolgov init` or "
            "`poolgov run` creates it on SQLite).",
            key=SIGNING_KEY_ENV,
            path=self.path,
        )

    def __str__(self) -> str:
        return str(self.finding)


def signing_key_file(database_url: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the signing key file is (or would be created); ``None`` on PostgreSQL unless set."""
    if environ.get(SIGNING_KEY_FILE_ENV):
        return Path(environ[SIGNING_KEY_FILE_ENV])
    database = sqlite_path(database_url)
    if database:
        return Path(database).resolve().parent / SIGNING_KEY_FILE_NAME
    return None


def load_signer(database_url: str, environ: Mapping[str, str] = os.environ) -> HeadSigner | None:
    """The configured signer, or ``None`` when no key is set and no key file exists.

    Raises :class:`~storage.audit.signing.SigningKeyInvalid` for a key that is there but unreadable.
    """
    if environ.get(SIGNING_KEY_ENV):
        return HeadSigner(parse_private_key(environ[SIGNING_KEY_ENV], SIGNING_KEY_ENV))
    path = signing_key_file(database_url, environ)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return HeadSigner(parse_private_key(text, str(path)))


def require_signer(database_url: str, environ: Mapping[str, str] = os.environ) -> HeadSigner:
    signer = load_signer(database_url, environ)
    if signer is None:
        raise SigningKeyMissing(signing_key_file(database_url, environ))
    return signer


def ensure_signer(
    database_url: str, environ: Mapping[str, str] = os.environ
) -> tuple[HeadSigner, Path | None]:
    """The configured signer; on SQLite a new key file (owner-only) when there is none.

    Returns the path when a file was created. On PostgreSQL a missing key raises
    :class:`SigningKeyMissing` and nothing is written.
    """
    existing = load_signer(database_url, environ)
    if existing is not None:
        return existing, None
    path = signing_key_file(database_url, environ)
    if path is None or sqlite_path(database_url) is None:
        raise SigningKeyMissing(None)
    signer = HeadSigner.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(signer.private_key_pem())
    return signer, path


def load_public_keys(environ: Mapping[str, str] = os.environ) -> list[PublicKey]:
    """The older public keys of ``POOLGOV_SIGNING_PUBLIC_KEYS`` (none when it is not set).

    Raises :class:`~storage.audit.signing.SigningKeyInvalid` for an unreadable file or key.
    """
    name = environ.get(PUBLIC_KEYS_ENV)
    if not name:
        return []
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise SigningKeyInvalid(
            f"{PUBLIC_KEYS_ENV} ({name})", error.strerror or Finding("unreadable")
        ) from None
    return [PublicKey.of(key) for key in parse_public_keys(text, f"{PUBLIC_KEYS_ENV} ({name})")]
