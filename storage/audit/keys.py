"""The audit key: from ``POOLGOV_AUDIT_KEY``, or a key file that ``poolgov init`` creates.

The key file is ``POOLGOV_AUDIT_KEY_FILE`` when set, else ``poolgov-audit.key`` beside the SQLite
database (in the working directory for PostgreSQL). It is created owner-only (0600) and never
stored in the database: whoever can rewrite the tables still cannot forge the chain.
``environ`` is the settings' variables (``bot.settings.Settings.storage_environ``), never read
from the process environment here, so every command sees the same key.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from storage.engines import sqlite_path

KEY_ENV = "POOLGOV_AUDIT_KEY"
KEY_FILE_ENV = "POOLGOV_AUDIT_KEY_FILE"
KEY_FILE_NAME = "poolgov-audit.key"


class AuditKeyMissing(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return (
            f"No audit key: set {KEY_ENV}, or keep the key file {self.path} "
            "(`poolgov init` creates it)."
        )


def key_file_path(database_url: str, environ: Mapping[str, str]) -> Path:
    if environ.get(KEY_FILE_ENV):
        return Path(environ[KEY_FILE_ENV])
    database = sqlite_path(database_url)
    if database:
        return Path(database).resolve().parent / KEY_FILE_NAME
    return Path.cwd() / KEY_FILE_NAME


def load_audit_key(database_url: str, environ: Mapping[str, str]) -> bytes | None:
    """The key from the environment or the key file, or ``None`` when neither exists."""
    if environ.get(KEY_ENV):
        return environ[KEY_ENV].encode("utf-8")
    path = key_file_path(database_url, environ)
    try:
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    except FileNotFoundError:
        return None


def require_audit_key(database_url: str, environ: Mapping[str, str]) -> bytes:
    key = load_audit_key(database_url, environ)
    if key is None:
        raise AuditKeyMissing(key_file_path(database_url, environ))
    return key


def ensure_audit_key(database_url: str, environ: Mapping[str, str]) -> tuple[bytes, Path | None]:
    """The existing key, or a new key file written owner-only; the path when one was created."""
    existing = load_audit_key(database_url, environ)
    if existing is not None:
        return existing, None
    path = key_file_path(database_url, environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key.encode("utf-8"), path
