"""The Chinese of ``bot/locale/incoming/i18n-votes.po``, read without compiling it, for tests that
render the voting texts in Chinese before the fragment is folded into the main catalog."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

FRAGMENT = Path(__file__).resolve().parents[3] / "bot" / "locale" / "incoming" / "i18n-votes.po"


def read_po(path: Path) -> dict[str, tuple[str | None, str]]:
    """``{msgid: (msgid_plural, msgstr)}`` of a PO file (the subset poolgov writes)."""
    entries: dict[str, tuple[str | None, str]] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        if "msgid" in fields:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries[fields["msgid"]] = (fields.get("msgid_plural"), msgstr)
        fields.clear()

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            current = None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert current is not None, raw
            fields[current] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current = key
            fields[key] = ast.literal_eval(value)
    return entries


class Fragment(gettext.NullTranslations):
    def __init__(self, entries: dict[str, tuple[str | None, str]]) -> None:
        super().__init__()
        self.entries = entries

    def gettext(self, message: str) -> str:
        found = self.entries.get(message)
        return found[1] if found and found[1] else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self.entries.get(msgid1)
        if found and found[1]:
            return found[1]
        return msgid1 if n == 1 else msgid2


def chinese() -> Fragment:
    return Fragment(read_po(FRAGMENT))
