"""Exact numbers and durations as the charter writes them.

Rationals are integers, decimal strings or fraction strings (``2/3``, ``"0.55"``, ``1``) and are
held as :class:`~fractions.Fraction`; durations are ``30m``, ``2h``, ``7d``, ``2w``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

# ASCII digits only ([0-9], never \d, which takes "²" and "٣"), and few enough for int() to read.
_DURATION = re.compile(r"\s*([0-9]{1,12})\s*([smhdw])\s*")
_WHOLE = re.compile(r"[0-9]{1,18}")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_FRACTION = re.compile(r"^\s*(-?[0-9]+)\s*/\s*([0-9]+)\s*$")
# Plain positional decimals only: exponents ("1e999999999") would let a charter file make the bot
# build an enormous integer, and "inf"/"nan" are not numbers a share can be.
_DECIMAL = re.compile(r"^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$")


def _shown(value: object) -> str:
    """``value`` quoted for a message, clipped: a refusal never echoes pages of input."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def parse_rational(value: object) -> Fraction:
    """Read a charter rational exactly; floats are refused because they are not exact."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_shown(value)}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise ValueError(
            f'{_shown(value)} is a binary float; write it as a string ("{value}") or a fraction'
        )
    if isinstance(value, str):
        match = _FRACTION.match(value)
        if match:
            denominator = int(match.group(2))
            if denominator == 0:
                raise ValueError(f"{_shown(value)} divides by zero")
            return Fraction(int(match.group(1)), denominator)
        if _DECIMAL.match(value):
            return Fraction(Decimal(value.strip()))
    raise ValueError(f'{_shown(value)} is not a number; write an integer, "0.55" or "2/3"')


def parse_duration(value: object, *, longest: timedelta | None = None) -> timedelta:
    """Read ``30m``, ``2h``, ``7d`` or ``2w``; with ``longest``, nothing longer is accepted."""
    if isinstance(value, timedelta):
        length = value
    else:
        match = _DURATION.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"{_shown(value)} is not a duration; write e.g. 30m, 2h, 7d or 2w")
        try:
            length = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        except OverflowError:
            raise ValueError(f"{_shown(value)} is too long a duration") from None
    if longest is not None and length > longest:
        raise ValueError(f"{_shown(value)} is too long; at most {format_duration(longest)}")
    return length


def looks_like_duration(value: str) -> bool:
    """Whether ``value`` is spelled as a duration, however long (see :func:`parse_duration`)."""
    return _DURATION.fullmatch(value) is not None


def parse_whole(value: str, *, largest: int, what: str = "a number") -> int:
    """A whole number written in ASCII digits (no sign, no ``²``), at most ``largest``."""
    text = value.strip()
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"write {what} in the digits 0-9")
    number = int(text)
    if number > largest:
        raise ValueError(f"{what} is at most {largest}")
    return number


def format_duration(value: timedelta) -> str:
    """The shortest charter spelling of a duration (inverse of :func:`parse_duration`)."""
    seconds = int(value.total_seconds())
    for suffix, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{suffix}"
    return f"{seconds}s"


def format_rational(value: Fraction) -> str:
    """``"p/q"`` reduced, or an integer string, as the tally JSON contract prints them."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def format_percent(value: Fraction, places: int = 2) -> str:
    """A share for people to read; never used in counting."""
    scaled = value * 100
    quantum = Decimal(1).scaleb(-places)
    number = (Decimal(scaled.numerator) / Decimal(scaled.denominator)).quantize(quantum)
    return f"{number}%"
