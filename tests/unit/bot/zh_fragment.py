"""The Chinese of the voting texts, read from the PO file without compiling it: the fragment
``bot/locale/incoming/i18n-votes.po`` while it waits to be folded in, the main ``zh_Hans``
catalog once it has been (the fold deletes the fragment)."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_INCOMING = ROOT / "bot" / "locale" / "incoming" / "i18n-votes.po"
_CATALOG = ROOT / "bot" / "locale" / "zh_Hans" / "LC_MESSAGES" / "poolgov.po"
FRAGMENT = _INCOMING if _INCOMING.exists() else _CATALOG
#: the modules whose words the fragment translates
SOURCES = [
    *(
        ROOT / "bot" / "slack" / f"{name}.py"
        for name in [
            "wording",
            "motion_blocks",
            "motion_modal",
            "motion_draft",
            "result_blocks",
            "receipt_reply",
            "actions",
            "commands",
            "replies",
            "views",
            "home",
            "pool_blocks",
            "roll_call_blocks",
            "arguments",
            "fallbacks",
            "publisher",
            "identity",
            "refresher",
            "refusals",
        ]
    ),
    *(
        ROOT / "bot" / f"{name}.py"
        for name in ["motion_posts", "roll_call_posts", "early_close", "fanout", "ballot_batcher"]
    ),
    *(
        ROOT / "governance" / path
        for path in [
            "errors.py",
            "services/errors.py",
            "services/complaint_commands.py",
            "meetings/errors.py",
            "quantities.py",
            "kinds.py",
            "services/pool.py",
            "services/complaint_motion.py",
            "complaints/model.py",
            "services/meeting_minutes.py",
            "meetings/agenda.py",
        ]
    ),
]


def marked(paths: list[Path] = SOURCES) -> dict[str, str | None]:
    """Every message the sources give the catalog: ``{msgid: msgid_plural}``."""
    found: dict[str, str | None] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            literals = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if node.func.id in ("_", "t", "N_") and literals:
                found.setdefault(literals[0], None)
            elif node.func.id in ("tn", "ngettext") and len(literals) >= 2:
                found.setdefault(literals[0], literals[1])
    return found


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
