"""Only for what pyproject.toml cannot say: the wheel ships the checkout's ``examples/`` and
``app-manifest.yaml`` as package data of ``bot`` (``bot/packaged/``), where bot/resources.py
finds them in an installed poolgov. In the checkout they stay where the README points."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("examples", "app-manifest.yaml")


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


setup(cmdclass={"build_py": BuildWithExamples})
