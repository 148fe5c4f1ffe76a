"""The Chinese catalog as it will be once the translations waiting in ``bot/locale/incoming``
are folded into it: tests that compare Chinese texts use :func:`with_incoming_translations`.

Once the fragments are folded (and deleted), the main catalog alone answers and this does
nothing."""

from __future__ import annotations

import gettext
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import Language, speech


def with_incoming_translations(monkeypatch: pytest.MonkeyPatch) -> None:
    fragments = sorted((speech.LOCALE_DIR / "incoming").glob("*.po"))
    if not fragments:
        return
    merged = Catalog(locale="zh_Hans")
    for fragment in fragments:
        with fragment.open("rb") as source:
            for message in read_po(source):
                if message.id and message.string:
                    merged[message.id] = message
    compiled = BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    incoming = gettext.GNUTranslations(compiled)
    real = speech.catalog
    incoming.add_fallback(real(Language.ZH_HANS))

    def catalog(lang: Language) -> gettext.NullTranslations:
        return incoming if lang is Language.ZH_HANS else real(lang)

    monkeypatch.setattr(speech, "catalog", catalog)
