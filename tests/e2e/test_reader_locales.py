"""Who reads decides the language: the pool's ``pool.language`` for channel posts, each person's
Slack locale (``users.info`` with ``include_locale``, cached) for what is theirs alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import Language, language
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, FakeUser, SlackDriver
from bot.slack.locales import for_channel, for_reader, pool_language, reader_language
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.pool import ACME, BETA, CHARTER, GAMMA, OUTSIDER


def with_language(fake: FakeSlack, url: str, tmp_path: Path, charter: str) -> Iterator[Harness]:
    settings = settings_for(fake, url, tmp_path)
    assert settings.charter_path is not None
    settings.charter_path.write_text(charter, encoding="utf-8")
    with PoolBot(settings) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


CHINESE_POOL = CHARTER.replace(
    "  name: E2E Codec Pool\n",
    "  name: {zh-Hans: 端到端编解码专利池, en: E2E Codec Pool}\n  language: zh-Hans\n",
)


@pytest.fixture
def readers(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user(FakeUser(ACME, real_name="Ann Acme", locale="zh-CN"))
    fake_slack.add_user(FakeUser(BETA, real_name="Ben Beta", locale="en-US"))
    fake_slack.add_user(FakeUser(GAMMA, real_name="Gus Gamma", locale="de-DE"))
    return fake_slack


@pytest.fixture
def chinese_pool(readers: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from with_language(readers, sqlite_url, tmp_path, CHINESE_POOL)


@pytest.fixture
def english_pool(readers: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from with_language(readers, sqlite_url, tmp_path, CHARTER)


def test_each_reader_gets_their_slack_locale_and_the_channel_the_pools(
    chinese_pool: Harness,
) -> None:
    rt = chinese_pool.bot.runtime
    assert pool_language(rt) is Language.ZH_HANS
    assert reader_language(rt, ACME) is Language.ZH_HANS
    assert reader_language(rt, BETA) is Language.EN
    assert (
        reader_language(rt, GAMMA) is Language.ZH_HANS
    )  # German: poolgov falls back to the pool's
    assert reader_language(rt, OUTSIDER) is Language.EN  # Slack's default, en-US
    assert reader_language(rt, "U0UNKNOWN") is Language.ZH_HANS  # users.info: user_not_found
    assert reader_language(rt, None) is Language.ZH_HANS
    with for_reader(rt, BETA):
        assert language() is Language.EN
        with for_channel(rt):
            assert language() is Language.ZH_HANS
    assert language() is Language.EN


def test_a_locale_is_asked_of_slack_once_and_kept(english_pool: Harness) -> None:
    rt = english_pool.bot.runtime
    assert pool_language(rt) is Language.EN
    for _ in range(3):
        assert reader_language(rt, ACME) is Language.ZH_HANS
        assert reader_language(rt, GAMMA) is Language.EN
    asked = english_pool.fake.calls("users.info")
    assert sorted(c.params["user"] for c in asked) == [ACME, GAMMA]
    assert all(str(c.params["include_locale"]).lower() in {"true", "1"} for c in asked)


def test_without_the_scope_the_pools_language_stands_in(chinese_pool: Harness) -> None:
    chinese_pool.fake.set_scopes(["commands", "chat:write"])
    rt = chinese_pool.bot.runtime
    assert reader_language(rt, BETA) is Language.ZH_HANS
    assert [c.error for c in chinese_pool.fake.calls("users.info")] == ["missing_scope"]
