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

from governance.errors import Facts, GovernanceError, MotionError
from governance.texts import N_


class PoolNotInitialised(GovernanceError):
    def refusal(self) -> tuple[str, Facts]:
        return N_("The pool has no charter yet; run `poolgov init CHARTER.yaml` first."), {}


class PoolAlreadyInitialised(GovernanceError):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "This database already holds the pool (charter version {version}); "
            "init runs once. The charter now changes only through a carried charter amendment."
        ), {"version": self.version}


class UnknownMotion(MotionError):
    def refusal(self) -> tuple[str, Facts]:
        return N_("There is no motion {motion}."), {"motion": self.motion_id}


class NotAReceipt(GovernanceError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "That is not a receipt code. A receipt reads like `3f9a-02c4-7be1-9d0e-55ab` "
            "(older ones `3f9a-02c4-7be1`): `/pool receipt CODE`."
        ), {}


class UnknownReceipt(GovernanceError):
    """Also the answer to anyone who does not represent the ballot's member, so that nobody
    learns from it whether a code exists."""

    def __init__(self, receipt: str) -> None:
        super().__init__(receipt)
        self.receipt = receipt

    def refusal(self) -> tuple[str, Facts]:
        return N_("No ballot of your member has the receipt `{receipt}`."), {
            "receipt": self.receipt
        }
