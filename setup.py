"""Only for what pyproject.toml cannot say: the wheel ships the checkout's ``examples/`` and
``app-manifest.yaml`` as package data of ``bot`` (``bot/packaged/``), where bot/resources.py
finds them in an installed poolgov. In the checkout they stay where the README points.

The build also compiles the message catalogs (``bot/locale/*/LC_MESSAGES/poolgov.po``) into the
``.mo`` files gettext reads, beside them in the wheel."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("examples", "app-manifest.yaml")
LOCALE = Path("bot") / "locale"


def compile_catalogs(build_lib: Path) -> None:
    """Each ``.po`` catalog compiled to its ``.mo`` under ``build_lib`` (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((ROOT / LOCALE).glob("*/LC_MESSAGES/*.po")):
        target = build_lib / po.relative_to(ROOT).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            messages = read_po(source)
        with target.open("wb") as compiled:
            write_mo(compiled, messages)


class BuildWithExamples(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "bot" / "packaged"
        target.mkdir(parents=True, exist_ok=True)
        for name in SHIPPED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target / name)
        compile_catalogs(Path(self.build_lib))


setup(cmdclass={"build_py": BuildWithExamples})
