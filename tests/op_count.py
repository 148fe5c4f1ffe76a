"""Counting operations instead of seconds, so a scaling test holds on a loaded machine.

:class:`Operations` counts every function call, Python and built-in, made in this thread while it
is active. :class:`CountingId` is a member id that counts the comparisons made with it, which a
scan of a tuple or list makes in C without any call: a set or dict lookup makes none.
"""

from __future__ import annotations

import sys
from types import FrameType, TracebackType
from typing import Any, ClassVar, Self

GROWTH_ALLOWED = 15  # 10× the members may cost at most this many times the operations


class Operations:
    def __init__(self) -> None:
        self.count = 0

    def _event(self, frame: FrameType, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            self.count += 1

    def __enter__(self) -> Self:
        sys.setprofile(self._event)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        sys.setprofile(None)


class CountingId(str):
    compared: ClassVar[int] = 0

    def __eq__(self, other: object) -> bool:
        CountingId.compared += 1
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        CountingId.compared += 1
        return str.__ne__(self, other)

    __hash__ = str.__hash__
