"""What every listener and job needs, built once by the composition root (:mod:`bot.app`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.ballot_batcher import BallotAnswer, Then
from bot.i18n.readers import ReaderLocales
from bot.settings import Settings
from governance.commands import CastBallot
from governance.ports import CharterParser, UnitOfWork
from governance.services import cast_ballot
from storage.audit.signing import HeadSigner, SignedHead


class PostBook(Protocol):
    """Where each motion's Slack message lives, and what it last showed."""

    def save(self, key: str, channel: str, ts: str) -> None: ...
    def get(self, key: str) -> tuple[str, str] | None: ...
    def rendered(self, key: str) -> str | None: ...
    def mark_rendered(self, key: str, state: str) -> None: ...
    def stale(self) -> list[str]:
        """Keys whose message shows an open motion that has since closed or been withdrawn."""
        ...


class HeadBook(Protocol):
    """Signed chain heads for result messages and witness posts (``storage.audit.head_book``)."""

    def motion_head(self, motion_id: str, entry_hash: str, now: datetime) -> SignedHead | None:
        """The signature of the head a closed motion's result names (stored once)."""
        ...

    def current_head(self, now: datetime) -> SignedHead | None:
        """The signature of the chain's current head (stored once); ``None`` if it is empty."""
        ...


@dataclass(frozen=True)
class MotionFacts:
    """What never changes about a motion once open: its secrecy and its voters' names."""

    secret: bool
    names: Mapping[str, str]


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
    #: signs chain heads (at a close, in witness posts); its fingerprint is in /pool charter
    signer: HeadSigner | None = None
    #: signs the heads result messages and witness posts show (with ``signer``'s key)
    heads: HeadBook | None = None
    on_motion_opened: list[Callable[[str, datetime], None]] = field(default_factory=list)
    #: a motion's post reached its channel: its voting period runs to the given instant
    on_motion_shown: list[Callable[[str, datetime], None]] = field(default_factory=list)
    refresh: Callable[[str, bool], None] = lambda key, urgent: None
    submit_ballot: Callable[[CastBallot, Then], None] | None = None  # the runner's BallotBatcher
    #: the runner's EarlyCloser: everyone voted on this motion, close it (once, shortly)
    close_early: Callable[[str], None] = lambda motion_id: None
    #: per motion id, kept by :func:`bot.slack.publisher.motion_facts` (one database per runtime)
    motion_facts: dict[str, MotionFacts] = field(default_factory=dict)
    #: each reader's Slack locale and the pool's language, cached (:mod:`bot.slack.locales`)
    locales: ReaderLocales = field(default_factory=ReaderLocales)

    def cast(self, command: CastBallot, then: Then) -> None:
        """Hand ``command`` to the ballot batcher (group commit); ``then(answer)`` follows.

        Without a batcher (nothing wired one in) the ballot is recorded here and now.
        """
        if self.submit_ballot is not None:
            self.submit_ballot(command, then)
            return
        answer: BallotAnswer
        try:
            answer = cast_ballot(command, self.new_uow(), self.clock())
        except Exception as error:  # the answer carries it; `then` replies as a listener would
            answer = error
        then(answer)
