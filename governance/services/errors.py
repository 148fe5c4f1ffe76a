"""Refusals the services add to the tree in ``governance/errors.py``.

::

    GovernanceError
    ├── PoolNotInitialised         no charter recorded yet: run ``poolgov init``
    ├── PoolAlreadyInitialised     ``poolgov init`` ran on this database before
    ├── NotAReceipt                the text is not a receipt code
    ├── UnknownReceipt             no ballot of the asker's member has this receipt
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


class NotAReceipt(GovernanceError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return (
            "That is not a receipt code. A receipt reads like `3f9a-02c4-7be1-9d0e-55ab` "
            "(older ones `3f9a-02c4-7be1`): `/pool receipt CODE`."
        )


class UnknownReceipt(GovernanceError):
    """Also the answer to anyone who does not represent the ballot's member, so that nobody
    learns from it whether a code exists."""

    def __init__(self, receipt: str) -> None:
        super().__init__(receipt)
        self.receipt = receipt

    def __str__(self) -> str:
        return f"No ballot of your member has the receipt `{self.receipt}`."
