"""Settings of the running bot, from the environment and an optional ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Everything poolgov reads from its environment.

    ``SLACK_BOT_TOKEN`` is required to talk to Slack; ``SLACK_APP_TOKEN`` selects Socket Mode;
    ``SLACK_SIGNING_SECRET`` is required for HTTP mode.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=SLACK_API_URL, alias="SLACK_API_URL")
    database_url: str = Field(default="sqlite:///poolgov.db", alias="DATABASE_URL")
    charter_path: Path | None = Field(default=None, alias="POOLGOV_CHARTER")
    governance_channel: str | None = Field(default=None, alias="POOLGOV_CHANNEL")
    audit_key: SecretStr | None = Field(default=None, alias="POOLGOV_AUDIT_KEY")
    audit_key_file: Path | None = Field(default=None, alias="POOLGOV_AUDIT_KEY_FILE")
    complaint_key: SecretStr | None = Field(default=None, alias="POOLGOV_COMPLAINT_KEY")
    complaint_key_file: Path | None = Field(default=None, alias="POOLGOV_COMPLAINT_KEY_FILE")
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

    @property
    def connected(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def api_base_url(self) -> str:
        return self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"
