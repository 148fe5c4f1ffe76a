"""Refusals the services add to the tree in ``governance/errors.py``.

::

    GovernanceError
    ├── PoolNotInitialised         no charter recorded yet: run ``poolgov init``
    ├── PoolAlreadyInitialised     ``poolgov init`` ran on this database before
    └── MotionError
        └── UnknownMotion          no motion has this id
"""

from __future__ import annotations

from governance.errors import GovernanceError, MotionError


class PoolNotInitialised(GovernanceError):
    def __str__(self) -> str:
        return "The pool has no charter yet; run `poolgov init CHARTER.yaml` first."


class PoolAlreadyInitialised(GovernanceError):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version

    def __str__(self) -> str:
        return (
            f"This database already holds the pool (charter version {self.version}); "
            "init runs once. The charter now changes only through a carried charter amendment."
        )


class UnknownMotion(MotionError):
    def __str__(self) -> str:
        return f"There is no motion {self.motion_id}."
