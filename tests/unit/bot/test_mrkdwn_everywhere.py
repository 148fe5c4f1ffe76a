"""Escaping cannot be forgotten: the source holds every module to :mod:`bot.slack.mrkdwn`.

Only that module makes ``Mrkdwn`` from a string it does not escape, and only from its own
literals; every template given to ``md`` is a string literal (poolgov's words, never a
variable or an f-string that could carry a person's text); and no module but that one writes
a ``mrkdwn`` text object by hand, so every one goes through the builders that refuse a plain
``str``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TRUSTED = ROOT / "bot" / "slack" / "mrkdwn.py"
#: fills the catalog's translation of a literal template (``t`` and ``tn``), as ``md`` does
CATALOG = ROOT / "bot" / "i18n" / "speech.py"
SOURCES = sorted(p for p in (ROOT / "bot").rglob("*.py") if "sandbox" not in p.parts)


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == name:
                found.append(node)
    return found


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


def test_the_sources_are_found() -> None:
    assert TRUSTED in SOURCES
    assert len(SOURCES) > 50


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_marks_text_as_mrkdwn_without_escaping_it(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path != TRUSTED:
        assert [_where(path, c) for c in _calls(tree, "Mrkdwn")] == []
    templates = [] if path == CATALOG else _calls(tree, "md")
    templates += _calls(tree, "t") + _calls(tree, "tn")
    not_literal = [
        _where(path, c)
        for c in templates
        if not c.args
        or not isinstance(c.args[0], ast.Constant)
        or not isinstance(c.args[0].value, str)
    ]
    assert not_literal == [], "md(), t() and tn() take a string literal as their template"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_builders_write_a_mrkdwn_text_object(path: Path) -> None:
    if path == TRUSTED:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    by_hand = [
        _where(path, node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        and any(
            isinstance(k, ast.Constant)
            and k.value == "type"
            and isinstance(v, ast.Constant)
            and v.value == "mrkdwn"
            for k, v in zip(node.keys, node.values, strict=True)
        )
    ]
    assert by_hand == [], "build mrkdwn text objects with bot.slack.mrkdwn"
