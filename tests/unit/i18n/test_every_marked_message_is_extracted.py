"""Every message the sources mark reaches the catalog.

Babel's extractor skips a marked message nested in another marked call's arguments
(``t("… {rule}", rule=_("…"))``), and such a message would stay English in every language. This
reads the sources' syntax trees itself and finds each literal given to a catalog function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.i18n.catalogs import extract

ROOT = Path(__file__).resolve().parents[3]
MARKERS = {"_": 1, "t": 1, "N_": 1, "tn": 2, "ngettext": 2}
#: test doubles and the catalog machinery call these names with other meanings
EXEMPT = {ROOT / "bot" / "i18n" / "speech.py"}


def marked_in_sources() -> set[tuple[str, str]]:
    found = set()
    for path in [
        *sorted((ROOT / "bot").rglob("*.py")),
        *sorted((ROOT / "governance").rglob("*.py")),
    ]:
        if path in EXEMPT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            count = MARKERS.get(node.func.id)
            if count is None:
                continue
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add((f"{path.relative_to(ROOT)}:{node.lineno}", arg.value))
    return found


def test_the_sources_mark_messages() -> None:
    assert len(marked_in_sources()) > 800


def test_every_marked_literal_is_in_the_extracted_catalog() -> None:
    extracted: set[str] = set()
    for message in extract():
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        extracted.update(str(i) for i in ids)
    missing = sorted(where for where, text in marked_in_sources() if text not in extracted)
    assert missing == [], "marked but not extracted (hoist a nested marked call into a name)"
