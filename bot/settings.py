"""Settings of poolgov, from the environment and an optional ``.env`` file: one object, one loader.

Every entry point (``poolgov run`` and every other command) calls :func:`load_settings`, so a
variable means the same thing everywhere and ``.env`` in the working directory is read by all of
them; the environment wins over ``.env``. A malformed value raises :class:`SettingsInvalid`
naming each variable at fault. The storage layer never reads the environment itself: it is
handed :meth:`Settings.storage_environ`, the variables it knows, as these settings hold them.

To add a setting, add a field with its variable as ``alias``; if the storage layer reads it, add
the field's name to :data:`STORAGE_FIELDS` too. The README's table lists every variable.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.i18n import _
from storage.engines import DEFAULT_DATABASE_URL, normalise_url
from storage.sealing import ComplaintKeyInvalid, decode_key

SLACK_API_URL = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

#: The fields the storage layer reads (keys and key files), passed to it by variable name.
STORAGE_FIELDS = (
    "database_url",
    "audit_key",
    "audit_key_file",
    "complaint_key",
    "complaint_key_file",
    "signing_key",
    "signing_key_file",
    "signing_public_keys",
)


class SettingsInvalid(Exception):
    """One or more variables hold a value poolgov cannot use; each is named with what is wrong.

    Values themselves are never repeated: a key or token may be among them.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    @property
    def variables(self) -> list[str]:
        return [variable for variable, _ in self.problems]

    def __str__(self) -> str:
        return "; ".join(f"{variable}: {what}" for variable, what in self.problems)


class Settings(BaseSettings):
    """Everything poolgov reads from its environment.

    ``SLACK_BOT_TOKEN`` is required to talk to Slack; ``SLACK_APP_TOKEN`` selects Socket Mode;
    ``SLACK_SIGNING_SECRET`` is required for HTTP mode.
    """

    # a variable set to the empty string counts as not set, as the storage layer always read it
    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=SLACK_API_URL, alias="SLACK_API_URL")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    charter_path: Path | None = Field(default=None, alias="POOLGOV_CHARTER")
    governance_channel: str | None = Field(default=None, alias="POOLGOV_CHANNEL")
    audit_key: SecretStr | None = Field(default=None, alias="POOLGOV_AUDIT_KEY")
    audit_key_file: Path | None = Field(default=None, alias="POOLGOV_AUDIT_KEY_FILE")
    # signs chain heads (storage/audit/signing_keys.py); on PostgreSQL one of the two is required
    signing_key: SecretStr | None = Field(default=None, alias="POOLGOV_SIGNING_KEY")
    signing_key_file: Path | None = Field(default=None, alias="POOLGOV_SIGNING_KEY_FILE")
    signing_public_keys: Path | None = Field(default=None, alias="POOLGOV_SIGNING_PUBLIC_KEYS")
    complaint_key: SecretStr | None = Field(default=None, alias="POOLGOV_COMPLAINT_KEY")
    complaint_key_file: Path | None = Field(default=None, alias="POOLGOV_COMPLAINT_KEY_FILE")
    log_level: str = Field(default="INFO", alias="POOLGOV_LOG_LEVEL")
    # one line of text per record, or one JSON object per line (see bot/logs.py)
    log_format: Literal["text", "json"] = Field(default="text", alias="POOLGOV_LOG_FORMAT")
    # connections per PostgreSQL engine: kept open, and opened beyond those under load
    db_pool_size: int = Field(default=10, ge=1, le=200, alias="POOLGOV_DB_POOL_SIZE")
    db_max_overflow: int = Field(default=20, ge=0, le=500, alias="POOLGOV_DB_MAX_OVERFLOW")
    # the ballot writer's own engine (one batch at a time): its connections, no overflow
    writer_pool_size: int = Field(default=2, ge=1, le=20, alias="POOLGOV_WRITER_POOL_SIZE")
    # after SIGTERM: seconds /readyz answers 503 before the server stops (see bot/health.py)
    drain_seconds: float = Field(default=5.0, ge=0, le=600, alias="POOLGOV_DRAIN_SECONDS")
    # a port of its own for /healthz, /readyz and /metrics (off when not set)
    ops_port: int | None = Field(default=None, ge=0, le=65535, alias="POOLGOV_OPS_PORT")
    ops_host: str = Field(default="127.0.0.1", alias="POOLGOV_OPS_HOST")
    refresh_interval: float = Field(default=3.0, alias="POOLGOV_REFRESH_INTERVAL")
    sweep_interval: float = Field(default=60.0, alias="POOLGOV_SWEEP_INTERVAL")
    switch_interval: float = Field(default=0.001, gt=0, le=0.1, alias="POOLGOV_SWITCH_INTERVAL")
    # how long after the last member voted a motion closes early (see bot/early_close.py)
    close_grace: float = Field(default=1.0, ge=0, le=60, alias="POOLGOV_CLOSE_GRACE")
    listener_threads: int = Field(default=32, ge=5, le=256, alias="POOLGOV_LISTENER_THREADS")
    # where ballots are recorded: a child process of their own (see bot/ballot_writer.py), or a
    # thread of this one
    ballot_writer: Literal["process", "thread"] = Field(
        default="process", alias="POOLGOV_BALLOT_WRITER"
    )
    # the most ballots recorded in one transaction (group commit; see bot/ballot_batcher.py)
    ballot_batch: int = Field(default=32, ge=1, le=500, alias="POOLGOV_BALLOT_BATCH")
    fanout_rate: float = Field(default=5.0, gt=0, alias="POOLGOV_FANOUT_RATE")  # DMs per second
    fanout_burst: int = Field(default=10, ge=1, alias="POOLGOV_FANOUT_BURST")
    election_interval: float = Field(default=5.0, gt=0, alias="POOLGOV_ELECTION_INTERVAL")
    # how long a sender holds a notice before the sweep may take it again (see bot/outbox.py):
    # longer than a send with its 429 waits, short enough that a dead sender's notice is late
    # by little
    notice_lease: float = Field(default=120.0, gt=0, le=3600, alias="POOLGOV_NOTICE_LEASE")

    @field_validator("database_url")
    @classmethod
    def _a_database_poolgov_can_use(cls, url: str) -> str:
        try:
            parsed = normalise_url(url)
        except ArgumentError:
            raise ValueError("not a database URL (sqlite:///PATH or postgresql://…)") from None
        backend = parsed.get_backend_name()
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"poolgov runs on SQLite or PostgreSQL, not {backend}")
        if backend == "sqlite" and parsed.database in {None, "", ":memory:"}:
            raise ValueError("poolgov keeps its records in a file: give sqlite:///PATH")
        return url

    @field_validator("complaint_key")
    @classmethod
    def _complaint_keys_that_decode(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None:
            try:
                for text in key.get_secret_value().split(","):
                    decode_key(text)
            except ComplaintKeyInvalid:
                raise ValueError(
                    "not urlsafe base64 of 32 random bytes (several keys: new,old,…)"
                ) from None
        return key

    @field_validator(
        "audit_key_file",
        "complaint_key_file",
        "signing_key_file",
        "signing_public_keys",
        "charter_path",
    )
    @classmethod
    def _a_file_if_it_exists(cls, path: Path | None) -> Path | None:
        if path is not None and path.exists() and not path.is_file():
            raise ValueError(f"{path} is not a file")
        return path

    @field_validator("log_level")
    @classmethod
    def _a_logging_level(cls, level: str) -> str:
        name = level.strip().upper()
        if name not in LOG_LEVELS:
            raise ValueError(f"give one of {', '.join(LOG_LEVELS)}")
        return name

    def effective(self) -> list[tuple[str, str]]:
        """Every variable with the value in force, secrets masked (``poolgov settings``)."""
        shown = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                text = _("(not set)")
            elif isinstance(value, SecretStr):
                text = "******** " + _("(set)")
            else:
                text = _without_password(str(value)) if name == "database_url" else str(value)
            shown.append((field.alias or name.upper(), text))
        return shown

    @property
    def connected(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def api_base_url(self) -> str:
        return self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"

    @property
    def database_url_given(self) -> bool:
        """Whether ``DATABASE_URL`` was set (environment, ``.env`` or a command's option)."""
        return "database_url" in self.model_fields_set

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]

    def storage_environ(self) -> dict[str, str]:
        """The variables the storage layer reads, with these settings' values (only those set)."""
        found: dict[str, str] = {}
        for name in STORAGE_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            alias = type(self).model_fields[name].alias or name.upper()
            found[alias] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        return found


def _without_password(url: str) -> str:
    parsed = make_url(url)
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)


def load_settings(**values: Any) -> Settings:
    """The settings: ``values`` (by variable name, e.g. ``DATABASE_URL``), then the environment,
    then ``.env`` in the working directory, then the defaults.

    Raises :class:`SettingsInvalid` naming every variable whose value cannot be used.
    """
    given = {key: value for key, value in values.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as error:
        raise SettingsInvalid(_problems(error)) from None


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    fields = Settings.model_fields
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        where = str(item["loc"][0]) if item["loc"] else ""
        field = fields.get(where)
        variable = (field.alias if field is not None else None) or where.upper()
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append((variable, message))
    return problems
