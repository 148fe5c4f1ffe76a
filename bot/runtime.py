"""What every listener and job needs, built once by the composition root (:mod:`bot.app`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.settings import Settings
from governance.ports import CharterParser, UnitOfWork


class PostBook(Protocol):
    """Where each motion's Slack message lives, and what it last showed."""

    def save(self, key: str, channel: str, ts: str) -> None: ...
    def get(self, key: str) -> tuple[str, str] | None: ...
    def rendered(self, key: str) -> str | None: ...
    def mark_rendered(self, key: str, state: str) -> None: ...
    def claim_announcement(self, key: str) -> bool: ...
    def release_announcement(self, key: str) -> None: ...
    def stale(self) -> list[str]:
        """Keys whose message shows an open motion that has since closed or been withdrawn."""
        ...


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    new_uow: Callable[[], UnitOfWork]
    reader: Callable[[], UnitOfWork]
    parse: CharterParser
    client: Any  # slack_sdk.WebClient
    posts: PostBook
    clock: Callable[[], datetime] = utc_now
    on_motion_opened: list[Callable[[str, datetime], None]] = field(default_factory=list)
    refresh: Callable[[str, bool], None] = lambda key, urgent: None
    background: Callable[[Callable[[], None]], None] = lambda work: work()
