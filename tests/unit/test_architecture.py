"""The layers stay apart: the rules use only the standard library, and storage never imports bot.

Imports are read with ``ast`` rather than by importing the modules, so a forbidden import is caught
even inside ``if TYPE_CHECKING:`` or a function body.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def modules(root: Path, package: str) -> list[Path]:
    return sorted((root / package).rglob("*.py"))


def imported_names(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute dotted names."""
    package = list(path.relative_to(root).parts[:-1])  # the package holding the module
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                names.add(".".join([*base, node.module]))
            else:  # from .. import bot
                names.update(".".join([*base, alias.name]) for alias in node.names)
    return names


def offending_imports(root: Path, package: str, allowed: set[str]) -> list[str]:
    return sorted(
        f"{path.relative_to(root)} imports {name}"
        for path in modules(root, package)
        for name in imported_names(path, root)
        if name.split(".")[0] not in allowed
    )


def forbidden_imports(root: Path, package: str, forbidden: str) -> list[str]:
    return sorted(
        f"{path.relative_to(root)} imports {name}"
        for path in modules(root, package)
        for name in imported_names(path, root)
        if name.split(".")[0] == forbidden
    )


def test_the_governance_package_imports_only_the_standard_library_and_itself():
    assert ROOT / "governance" / "tally.py" in modules(ROOT, "governance")  # not looking at nothing
    allowed = set(sys.stdlib_module_names) | {"governance"}
    assert offending_imports(ROOT, "governance", allowed) == []


def test_storage_never_imports_bot():
    if not (ROOT / "storage").is_dir():
        pytest.skip("storage/ does not exist yet")
    assert modules(ROOT, "storage")  # at least its __init__.py
    assert forbidden_imports(ROOT, "storage", "bot") == []


# The checks above pass by finding nothing, so the reader is shown to find what it should.


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_import_reader_catches_a_third_party_import_anywhere_in_governance(tmp_path):
    write(tmp_path, "governance/__init__.py", "from __future__ import annotations\n")
    write(tmp_path, "governance/services/__init__.py", "from . import motions\n")
    write(
        tmp_path,
        "governance/services/motions.py",
        "from typing import TYPE_CHECKING\n"
        "from ..tally import count\n"
        "if TYPE_CHECKING:\n"
        "    import sqlalchemy.orm\n"
        "def late():\n"
        "    from slack_sdk import WebClient\n",
    )
    allowed = set(sys.stdlib_module_names) | {"governance"}
    assert offending_imports(tmp_path, "governance", allowed) == [
        "governance/services/motions.py imports slack_sdk",
        "governance/services/motions.py imports sqlalchemy.orm",
    ]


@pytest.mark.parametrize(
    "line", ["import bot.app", "from bot import app", "from ..bot import app", "from .. import bot"]
)
def test_the_import_reader_catches_storage_reaching_into_bot(tmp_path, line):
    write(tmp_path, "storage/__init__.py", "")
    write(tmp_path, "storage/repositories.py", f"{line}\n")
    assert forbidden_imports(tmp_path, "storage", "bot") != []
    write(tmp_path, "storage/repositories.py", "from .tables import metadata\nimport sqlalchemy\n")
    assert forbidden_imports(tmp_path, "storage", "bot") == []
