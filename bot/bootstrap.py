"""The composition root: one place that wires storage to the rules, for the CLI and the bot alike.

``build()`` takes the database and the audit key (``POOLGOV_AUDIT_KEY`` or the key file, needed
only to verify the chain's scheme-1 entries) from the settings unless given them (the complaint
key, ``POOLGOV_COMPLAINT_KEY`` or its key file, and the signing key, ``POOLGOV_SIGNING_KEY`` or its
key file, when first needed), and returns a :class:`Storage` holding the engine, unit-of-work
factories and the charter parser. Without ``settings`` it loads them
(:func:`bot.settings.load_settings`: the environment, then ``.env``), as every command does. Close
the storage (or use it as a context manager) to release the engine's connections.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from types import TracebackType
from typing import Self

from sqlalchemy import Engine

from bot.charter_file import load_charter
from bot.settings import Settings, load_settings
from governance.ports import CharterParser
from storage.audit.keys import load_audit_key
from storage.audit.signing import HeadSigner, PublicKey
from storage.audit.signing_keys import load_public_keys, require_signer
from storage.complaint_repo import SealerSource
from storage.engines import make_engine
from storage.sealing import key_file_path, sealer_from_settings
from storage.uow import SqlUnitOfWork


@dataclass
class Storage:
    """What every entry point needs: the engine, units of work and the charter parser."""

    database_url: str
    engine: Engine
    audit_key: bytes | None
    parse_charter: CharterParser
    sealer: SealerSource | None = None  # complaint content; the key is loaded on first use
    signer: HeadSigner | None = None  # signs chain heads; loaded by head_signer() if not given
    environ: Mapping[str, str] = field(default_factory=dict)  # where keys are looked up

    def head_signer(self) -> HeadSigner:
        """The signing key (see :mod:`storage.audit.signing_keys`), loaded once.

        Raises :class:`~storage.audit.signing_keys.SigningKeyMissing` or
        :class:`~storage.audit.signing.SigningKeyInvalid`.
        """
        if self.signer is None:
            self.signer = require_signer(self.database_url, self.environ)
        return self.signer

    def older_public_keys(self) -> list[PublicKey]:
        """The public keys of ``POOLGOV_SIGNING_PUBLIC_KEYS`` (raises SigningKeyInvalid)."""
        return load_public_keys(self.environ)

    def uow(self) -> SqlUnitOfWork:
        """A unit of work that may write (``BEGIN IMMEDIATE`` on SQLite)."""
        return SqlUnitOfWork(self.engine, write=True, sealer=self.sealer)

    def reader(self) -> SqlUnitOfWork:
        """A unit of work for queries: it never takes the write lock."""
        return SqlUnitOfWork(self.engine, write=False, sealer=self.sealer)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def build(
    database_url: str | None = None,
    audit_key: bytes | None = None,
    parse_charter: CharterParser | None = None,
    settings: Settings | None = None,
    *,
    pre_ping: bool = True,
    signer: HeadSigner | None = None,
    writer: bool = False,
) -> Storage:
    """Wire a :class:`Storage`; anything not given comes from the settings.

    ``writer`` sizes the engine's pool for the ballot writer (``POOLGOV_WRITER_POOL_SIZE``).
    Raises :class:`~bot.settings.SettingsInvalid` when the settings must be loaded and cannot be.
    """
    settings = settings if settings is not None else load_settings(DATABASE_URL=database_url)
    url = database_url or settings.database_url
    environ = {**settings.storage_environ(), "DATABASE_URL": url}
    key = audit_key if audit_key is not None else load_audit_key(url, environ)
    parse = parse_charter or lru_cache(maxsize=16)(load_charter)
    # POOLGOV_COMPLAINT_KEY, else the key file (created owner-only on first use)
    sealer = lru_cache(maxsize=1)(
        partial(sealer_from_settings, key_file_path(url, environ), environ)
    )
    # the ballot writer records one batch at a time: a few connections of its own suffice
    pool_size = settings.writer_pool_size if writer else settings.db_pool_size
    max_overflow = 0 if writer else settings.db_max_overflow
    engine = make_engine(url, pre_ping=pre_ping, pool_size=pool_size, max_overflow=max_overflow)
    return Storage(url, engine, key, parse, sealer, signer, environ)
