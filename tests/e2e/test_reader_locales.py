"""Who reads decides the language: the pool's ``pool.language`` for channel posts, each person's
Slack locale (``users.info`` with ``include_locale``, cached) for what is theirs alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import Language, language, local
from bot.sandbox import FakeSlack, FakeUser
from bot.slack.locales import for_channel, for_reader, pool_language, reader_language
from governance.services.queries import charter_in_force
from tests.e2e.bilingual_pool import running_in_chinese
from tests.e2e.conftest import Harness
from tests.e2e.pool import ACME, BETA, CHARTER, GAMMA, OUTSIDER

GERMAN = FakeUser(GAMMA, real_name="Gus Gamma", locale="de-DE")
ENGLISH = FakeUser(OUTSIDER, real_name="Nadia Nobody")  # Slack's default locale, en-US


@pytest.fixture
def chinese_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    for harness in running_in_chinese(fake_slack, sqlite_url, tmp_path):
        fake_slack.add_user(GERMAN)
        fake_slack.add_user(ENGLISH)
        yield harness


@pytest.fixture
def english_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    for harness in running_in_chinese(fake_slack, sqlite_url, tmp_path, charter=CHARTER):
        fake_slack.add_user(GERMAN)
        yield harness


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


def test_the_pool_in_force_keeps_its_names_in_both_languages(chinese_pool: Harness) -> None:
    rt = chinese_pool.bot.runtime
    charter = charter_in_force(rt.reader(), rt.parse).charter
    acme = charter.member("acme")
    assert acme is not None
    assert acme.name == "艾克米公司"  # the pool's language, where one text stands for all
    with for_reader(rt, BETA):
        assert local(acme.name) == "Acme Corp"
        assert local(charter.pool.name) == "E2E Codec Pool"
    with for_reader(rt, ACME):
        assert local(acme.name) == "艾克米公司"
        assert local(charter.pool.name) == "端到端编解码专利池"
