"""Catalog lookups: compiled or straight from the ``.po``, in the language spoken, pseudo-marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from bot.i18n import Language, _, catalogs, language, ngettext, speaking, speech, t, tn

PO = """\
msgid ""
msgstr ""
"Language: zh_Hans\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Motion {motion} is open"
msgstr "议案{motion}已开始表决"

msgid "one vote"
msgid_plural "{n} votes"
msgstr[0] "{n}票"

#, fuzzy
msgid "Half done"
msgstr "未定稿"
"""


@pytest.fixture
def locale_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    po = tmp_path / "zh_Hans" / "LC_MESSAGES" / "poolgov.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    monkeypatch.setattr(speech, "LOCALE_DIR", tmp_path)
    speech.catalog.cache_clear()
    yield tmp_path
    speech.catalog.cache_clear()


def test_a_fresh_clone_reads_the_po_catalog_without_a_compiled_one(locale_dir: Path) -> None:
    assert not list(locale_dir.rglob("*.mo"))
    with speaking(Language.ZH_HANS):
        assert t("Motion {motion} is open", motion="M-1") == "议案M-1已开始表决"
        assert tn("one vote", "{n} votes", 3, n=3) == "3票"
        assert _("Half done") == "Half done"  # a fuzzy entry is not used
        assert _("Unknown") == "Unknown"
    assert t("Motion {motion} is open", motion="M-1") == "Motion M-1 is open"


def test_the_compiled_catalog_wins_when_it_is_as_new_as_the_po(locale_dir: Path) -> None:
    po = locale_dir / "zh_Hans" / "LC_MESSAGES" / "poolgov.po"
    mo = po.with_suffix(".mo")
    mo.write_bytes(speech.compile_po(po))
    po.write_text(PO.replace("已开始表决", "开始表决了"), encoding="utf-8")
    speech.catalog.cache_clear()
    with speaking(Language.ZH_HANS):  # the .po is newer: it is read, not the stale .mo
        assert _("Motion {motion} is open") == "议案{motion}开始表决了"
    catalogs_written = catalogs.compile_all(locale_dir)
    assert catalogs_written == [mo]
    speech.catalog.cache_clear()
    with speaking(Language.ZH_HANS):
        assert _("Motion {motion} is open") == "议案{motion}开始表决了"


def test_the_language_spoken_is_the_blocks_own() -> None:
    assert language() is Language.EN
    with speaking(Language.ZH_HANS):
        assert language() is Language.ZH_HANS
        with speaking(Language.EN):
            assert language() is Language.EN
        assert language() is Language.ZH_HANS
    assert language() is Language.EN


def test_the_pseudo_locale_marks_every_catalog_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(speech.PSEUDO_ENV, "1")
    assert _("Plain") == "⟦Plain⟧"
    assert ngettext("one vote", "{n} votes", 2) == "⟦{n} votes⟧"
    assert t("Motion {motion} is open", motion="<b>") == "⟦Motion &lt;b&gt; is open⟧"
    monkeypatch.setenv(speech.PSEUDO_ENV, "0")
    assert _("Plain") == "Plain"


def test_fragments_are_folded_into_the_catalog(tmp_path: Path) -> None:
    messages = Catalog(locale="zh_Hans", domain="poolgov")
    messages.add("Motion {motion} is open", "")
    messages.add(("one vote", "{n} votes"), ("",))
    messages.add("Old", "旧", flags=["fuzzy"])
    fragment = tmp_path / "votes.po"
    fragment.write_text(
        'msgid "Motion {motion} is open"\nmsgstr "议案{motion}已开始表决"\n\n'
        'msgid "one vote"\nmsgid_plural "{n} votes"\nmsgstr[0] "{n}票"\n\n'
        'msgid "Old"\nmsgstr "旧的"\n\n'
        'msgid "Gone"\nmsgstr "无"\n',
        encoding="utf-8",
    )
    notes = catalogs.fold(messages, [fragment])
    assert messages["Motion {motion} is open"].string == "议案{motion}已开始表决"
    assert messages["one vote"].string == ("{n}票",)
    assert messages["Old"].string == "旧的"
    assert not messages["Old"].fuzzy
    assert notes == [
        "votes.po: 'Old' replaces its translation",
        "votes.po: 'Gone' is not in the sources (kept)",
    ]
    assert messages["Gone"].string == "无"


def test_english_messages_are_their_own_text(locale_dir: Path) -> None:
    template = Catalog(domain="poolgov")
    template.add("Plain")
    template.add(("one vote", "{n} votes"))
    english = catalogs.update(template, Language.EN)
    assert english["Plain"].string == "Plain"
    assert english["one vote"].string == ("one vote", "{n} votes")
    chinese = catalogs.update(template, Language.ZH_HANS)
    assert not chinese["Plain"].string
    assert "Motion {motion} is open" in chinese.obsolete  # kept, not lost
