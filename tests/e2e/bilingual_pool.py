"""The e2e pool in Chinese: ``pool.language: zh-Hans``, the pool's name in both languages, and
representatives whose Slack is set to ``zh-CN`` or ``en-US``. For the Chinese e2e flows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from bot.runner import PoolBot
from bot.runtime import utc_now
from bot.sandbox import FakeSlack, FakeUser, SlackDriver
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, CHARTER, DELTA, GAMMA, OPERATOR, USERS

CHINESE_POOL = CHARTER.replace(
    "  name: E2E Codec Pool\n",
    "  name: {zh-Hans: 端到端编解码专利池, en: E2E Codec Pool}\n  language: zh-Hans\n",
).replace(
    "name: Acme Corp,",
    "name: {zh-Hans: 艾克米公司, en: Acme Corp},",
)
assert CHINESE_POOL.count("zh-Hans") == 3

#: each representative's Slack locale; the operator and the supervisor read Chinese
LOCALES = {
    OPERATOR: "zh-CN",
    ACME: "zh-CN",
    ACME_DEPUTY: "en-US",
    BETA: "en-US",
    GAMMA: "zh-CN",
    DELTA: "en-GB",
}


def bilingual_users() -> list[FakeUser]:
    """The e2e users, each with the locale :data:`LOCALES` gives (Slack's ``en-US`` else)."""
    return [FakeUser(u.id, real_name=u.real_name, locale=LOCALES.get(u.id, "zh-CN")) for u in USERS]


def running_in_chinese(
    fake: FakeSlack,
    url: str,
    tmp_path: Path,
    *,
    charter: str = CHINESE_POOL,
    clock: Callable[[], datetime] = utc_now,
    **extra: object,
) -> Iterator[Harness]:
    """poolgov over signed HTTP with ``charter`` (the Chinese pool unless told otherwise) and
    the ``extra`` settings."""
    for user in bilingual_users():
        fake.add_user(user)
    settings = settings_for(fake, url, tmp_path, **extra)
    assert settings.charter_path is not None
    settings.charter_path.write_text(charter, encoding="utf-8")
    with PoolBot(settings, clock=clock) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)
