"""The catalogs are complete: every message the sources mark has its Chinese, none fuzzy, each with
exactly the placeholders and Slack tokens of its English, written as Chinese is written."""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import Language
from bot.i18n.catalogs import extract
from bot.i18n.speech import catalog_path

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
#: Slack's tokens (``<@U…>``, ``<#C…>``, ``<!date^…|…>``, links): kept as they are
TOKEN = re.compile(r"<[^<>]*>")


@cache
def zh() -> Catalog:
    with catalog_path(Language.ZH_HANS).open("rb") as source:
        return read_po(source, locale="zh_Hans")


@cache
def source_ids() -> tuple[str, ...]:
    """The singular of each message the sources mark."""
    return tuple(m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id)


def fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:  # an unmatched brace
        return {f"<bad format: {error}>"}


def strings(message: Message) -> list[str]:
    value = message.string
    if isinstance(value, tuple | list):
        return [str(v or "") for v in value]
    return [value or ""]


def ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def shown(message: Message) -> str:
    return ids(message)[0][:70]


def translated() -> list[Message]:
    return [m for m in zh() if m.id]


def test_every_message_of_the_sources_has_its_chinese() -> None:
    singular = set(source_ids())
    missing = []
    for msgid in sorted(singular):
        entry = zh().get(msgid)
        if entry is None or not all(strings(entry)):
            missing.append(msgid[:70])
    assert missing == [], f"{len(missing)} messages without a zh_Hans translation"


def test_no_translation_is_fuzzy() -> None:
    assert [shown(m) for m in translated() if m.fuzzy] == []


def test_each_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = []
    for message in translated():
        wanted = fields(ids(message)[-1])  # the plural's, for a plural: Chinese has one form
        if len(ids(message)) == 1:
            wanted = fields(ids(message)[0])
        for text in strings(message):
            if text and fields(text) != wanted:
                wrong.append(f"{shown(message)!r}: {sorted(fields(text))} ≠ {sorted(wanted)}")
    assert wrong == []


def test_each_translation_keeps_the_slack_tokens_and_code_of_its_message() -> None:
    wrong = []
    for message in translated():
        source = ids(message)[-1]
        for text in strings(message):
            if not text:
                continue
            if sorted(TOKEN.findall(text)) != sorted(TOKEN.findall(source)):
                wrong.append(f"{shown(message)!r}: <…> tokens differ")
            if text.count("`") != source.count("`"):
                wrong.append(f"{shown(message)!r}: `code` marks differ")
    assert wrong == []


def test_babels_checks_pass() -> None:
    problems = [f"{shown(m)!r}: {errors}" for m, errors in zh().check()]
    assert problems == []


def test_chinese_is_written_with_chinese_punctuation_and_no_spaces_between_characters() -> None:
    spaced = re.compile(f"[{HAN}] +[{HAN}]")
    half_width = re.compile(f"[{HAN}][,;:!?()]|[,;:!?(][{HAN}]")
    wrong = []
    for message in translated():
        for text in strings(message):
            if spaced.search(text):
                wrong.append(f"{shown(message)!r}: a space between Chinese characters")
            if half_width.search(text):
                wrong.append(f"{shown(message)!r}: half-width punctuation in Chinese")
    assert wrong == []


@pytest.mark.parametrize("lang", list(Language))
def test_each_catalog_has_its_plural_rule(lang: Language) -> None:
    with catalog_path(lang).open("rb") as source:
        messages = read_po(source, locale=lang.value)
    assert messages.num_plurals == (1 if lang is Language.ZH_HANS else 2)
    assert not messages.fuzzy
