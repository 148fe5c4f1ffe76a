"""Slack locales are kept an hour, a failed lookup five minutes, the pool's language briefly."""

from __future__ import annotations

import threading

from bot.i18n import Language
from bot.i18n.readers import ReaderLocales


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_locale_is_kept_until_it_expires() -> None:
    clock, asked = Clock(), []
    book = ReaderLocales(ttl=3600, clock=clock)

    def fetch(user: str) -> str | None:
        asked.append(user)
        return "zh-CN"

    assert book.locale("U1", fetch) == "zh-CN"
    clock.now = 3599
    assert book.locale("U1", fetch) == "zh-CN"
    assert asked == ["U1"]
    clock.now = 3601
    assert book.locale("U1", fetch) == "zh-CN"
    assert asked == ["U1", "U1"]


def test_a_failed_lookup_is_unknown_and_tried_again_sooner() -> None:
    clock, asked = Clock(), []
    book = ReaderLocales(ttl=3600, failed_ttl=300, clock=clock)

    def fetch(user: str) -> str | None:
        asked.append(user)
        raise RuntimeError("missing_scope")

    assert book.locale("U1", fetch) is None
    clock.now = 299
    assert book.locale("U1", fetch) is None
    assert len(asked) == 1
    clock.now = 301
    book.locale("U1", fetch)
    assert len(asked) == 2


def test_a_locale_slack_sent_along_is_remembered() -> None:
    book = ReaderLocales()
    book.remember("U1", "en-US")
    assert book.locale("U1", lambda user: "zh-CN") == "en-US"


def test_the_pools_language_is_kept_briefly_and_english_without_a_charter() -> None:
    clock = Clock()
    book = ReaderLocales(pool_ttl=10, clock=clock)
    assert book.pool(lambda: Language.ZH_HANS) is Language.ZH_HANS
    assert book.pool(lambda: Language.EN) is Language.ZH_HANS
    clock.now = 11

    def no_charter() -> Language:
        raise LookupError("no charter yet")

    assert book.pool(no_charter) is Language.EN
    assert book.pool(lambda: Language.EN) is Language.EN


def test_one_caller_reads_the_expired_pool_language_while_the_others_keep_the_last() -> None:
    clock = Clock()
    book = ReaderLocales(pool_ttl=10, clock=clock)
    assert book.pool(lambda: Language.EN) is Language.EN
    clock.now = 11
    reading, release = threading.Event(), threading.Event()
    asked: list[str] = []

    def slow() -> Language:
        asked.append("slow")
        reading.set()
        release.wait(30)
        return Language.ZH_HANS

    def other() -> Language:
        asked.append("other")
        return Language.ZH_HANS

    answers: list[Language] = []
    first = threading.Thread(target=lambda: answers.append(book.pool(slow)))
    first.start()
    assert reading.wait(30)
    assert book.pool(other) is Language.EN  # the last known, while the first caller reads
    release.set()
    first.join(30)
    assert answers == [Language.ZH_HANS]
    assert asked == ["slow"]
    assert book.pool(other) is Language.ZH_HANS  # fresh now: nobody reads it again
    assert asked == ["slow"]


def test_lookups_beyond_the_budget_wait_for_a_later_render() -> None:
    clock, asked = Clock(), []
    book = ReaderLocales(lookups_per_minute=3, clock=clock)

    def fetch(user: str) -> str | None:
        asked.append(user)
        return "zh-CN"

    found = [book.locale(f"U{n}", fetch) for n in range(5)]
    assert found == ["zh-CN", "zh-CN", "zh-CN", None, None]
    assert book.locale("U0", fetch) == "zh-CN"  # known ones cost nothing
    clock.now = 20  # a lookup's worth of budget back
    assert book.locale("U3", fetch) == "zh-CN"
    assert book.locale("U4", fetch) is None
    assert asked == ["U0", "U1", "U2", "U3"]
