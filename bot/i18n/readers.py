"""What poolgov knows of each reader's language: Slack locales, cached with an expiry.

``users.info`` with ``include_locale`` (scope ``users:read``) gives a person's Slack locale
(``zh-CN``, ``en-US``). Asking for every view would spend the rate limit, so each answer is kept
for :data:`LOCALE_TTL`; a failed lookup (no scope, Slack down) is kept for a shorter while and
the pool's language stands in. The pool's own language (the charter's ``pool.language``) is kept
for a few seconds, so a render does not read the charter again for each text.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.i18n.languages import Language

log = logging.getLogger(__name__)

LOCALE_TTL = 3600.0  # seconds a person's Slack locale is trusted
FAILED_TTL = 300.0  # seconds before a failed lookup is tried again
POOL_TTL = 10.0  # seconds the pool's language is trusted (a charter amendment may change it)
MOST_READERS = 50_000
#: lookups a minute at most (``users.info`` is Slack's Tier 4, 100+ a minute): beyond them, as
#: when a reminder goes to a thousand representatives at once, the pool's language stands in for
#: those not yet known, and the next render asks again, instead of waiting out a 429
LOOKUPS_PER_MINUTE = 40


@dataclass
class ReaderLocales:
    """Each reader's Slack locale tag (or ``None``: unknown), with its expiry; thread-safe."""

    ttl: float = LOCALE_TTL
    failed_ttl: float = FAILED_TTL
    pool_ttl: float = POOL_TTL
    clock: Callable[[], float] = time.monotonic
    lookups_per_minute: int = LOOKUPS_PER_MINUTE
    _budget: float = float(LOOKUPS_PER_MINUTE)
    _budget_at: float | None = None
    _tags: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    _pool: tuple[Language, float] | None = None
    _pool_fetching: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def locale(self, user_id: str, fetch: Callable[[str], str | None]) -> str | None:
        """``user_id``'s locale tag, from the cache or ``fetch`` (which may raise: unknown)."""
        now = self.clock()
        with self._lock:
            cached = self._tags.get(user_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        if not self._spend(now):
            return cached[0] if cached is not None else None
        tag: str | None
        try:
            tag = fetch(user_id)
            expires = now + self.ttl
        except Exception as error:  # no scope, Slack down: the pool's language stands in
            log.debug("no Slack locale for %s (%s)", user_id, type(error).__name__)
            tag, expires = None, now + self.failed_ttl
        with self._lock:
            if len(self._tags) >= MOST_READERS:
                self._tags = {k: v for k, v in self._tags.items() if v[1] > now}
                if len(self._tags) >= MOST_READERS:
                    self._tags.clear()
            self._tags[user_id] = (tag, expires)
        return tag

    def _spend(self, now: float) -> bool:
        """One lookup from the budget, which refills at :attr:`lookups_per_minute`."""
        with self._lock:
            if self._budget_at is None:
                self._budget = float(self.lookups_per_minute)
            else:
                refill = (now - self._budget_at) * self.lookups_per_minute / 60
                self._budget = min(float(self.lookups_per_minute), self._budget + refill)
            self._budget_at = now
            if self._budget < 1:
                return False
            self._budget -= 1
            return True

    def remember(self, user_id: str, tag: str | None) -> None:
        """A locale Slack sent along (a payload's ``locale``), kept as a fetched one is."""
        with self._lock:
            self._tags[user_id] = (tag, self.clock() + self.ttl)

    def pool(self, fetch: Callable[[], Language]) -> Language:
        """The pool's language, from the cache or ``fetch`` (English when it fails).

        One caller at a time fetches it again once it has expired; meanwhile the others keep the
        language known until then. Under a burst of clicks, dozens of receipts are rendered at
        the moment it expires, and each would otherwise read the charter itself."""
        now = self.clock()
        with self._lock:
            cached = self._pool
            if cached is not None and (cached[1] > now or self._pool_fetching):
                return cached[0]
            self._pool_fetching = True
        try:
            lang = fetch()
        except Exception as error:  # no charter yet: English, as the charter's default
            log.debug("no pool language (%s)", type(error).__name__)
            return Language.EN
        else:
            with self._lock:
                self._pool = (lang, now + self.pool_ttl)
            return lang
        finally:
            with self._lock:
                self._pool_fetching = False

    def forget(self) -> None:
        with self._lock:
            self._tags.clear()
            self._pool = None
