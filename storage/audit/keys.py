"""The audit key of chains begun before signed heads: ``POOLGOV_AUDIT_KEY``, or its key file.

Entries written before scheme 2 (see :mod:`storage.audit.chain`) are HMAC-SHA256 under this key,
so only its holder can check their hashes; new entries need no key and nothing creates one. The
key file is ``POOLGOV_AUDIT_KEY_FILE`` when set, else ``poolgov-audit.key`` beside the SQLite
database (in the working directory for PostgreSQL), never in the database. ``environ`` is the
settings' variables (``bot.settings.Settings.storage_environ``), never read from the process
environment here, so every command sees the same key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from storage.engines import sqlite_path

KEY_ENV = "POOLGOV_AUDIT_KEY"
KEY_FILE_ENV = "POOLGOV_AUDIT_KEY_FILE"
KEY_FILE_NAME = "poolgov-audit.key"


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
