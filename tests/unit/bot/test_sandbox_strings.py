"""The sandbox page in the browser's language."""

from __future__ import annotations

import pytest

from bot.i18n import Language, speaking
from bot.sandbox.web.app import _templates
from bot.sandbox.web.strings import CLI, PAGE, browser_language, cli_text, page_strings
from tests.catalog_fragments import with_incoming_translations


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def test_the_browser_names_the_language() -> None:
    assert browser_language(None) is Language.EN
    assert browser_language("zh-CN,zh;q=0.9,en;q=0.8") is Language.ZH_HANS
    assert browser_language("fr-FR,fr;q=0.9,en-US;q=0.8") is Language.EN
    assert browser_language("fr-FR, zh-Hans;q=0.5") is Language.ZH_HANS
    assert browser_language("zh-TW") is Language.EN


def test_the_page_in_english_is_as_it_was_and_in_chinese_is_translated() -> None:
    assert page_strings() == PAGE
    assert cli_text("stopped") == CLI["stopped"]
    with speaking(Language.ZH_HANS):
        chinese = page_strings()
        assert cli_text("stopped") == "沙盒已停止。"
    assert chinese.keys() == PAGE.keys()
    assert all(chinese[key] != PAGE[key] for key in PAGE)
    assert chinese["refused"] == "沙盒无法送达该操作（状态码 {status}）。"
    html = _templates.get_template("index.html").render(
        strings=chinese, lang="zh-Hans", config="{}"
    )
    assert '<html lang="zh-Hans">' in html
    assert "<title>poolgov 沙盒</title>" in html
