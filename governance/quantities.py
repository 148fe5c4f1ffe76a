"""Exact numbers and durations as the charter writes them.

Rationals are integers, decimal strings or fraction strings (``2/3``, ``"0.55"``, ``1``) and are
held as :class:`~fractions.Fraction`; durations are ``30m``, ``2h``, ``7d``, ``2w``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

_DURATION = re.compile(r"^\s*([0-9]+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_FRACTION = re.compile(r"^\s*(-?[0-9]+)\s*/\s*([0-9]+)\s*$")
# Plain positional decimals only: exponents ("1e999999999") would let a charter file make the bot
# build an enormous integer, and "inf"/"nan" are not numbers a share can be.
_DECIMAL = re.compile(r"^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$")


def parse_rational(value: object) -> Fraction:
    """Read a charter rational exactly; floats are refused because they are not exact."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise ValueError(
            f'{value!r} is a binary float; write it as a string ("{value}") or a fraction'
        )
    if isinstance(value, str):
        match = _FRACTION.match(value)
        if match:
            denominator = int(match.group(2))
            if denominator == 0:
                raise ValueError(f"{value!r} divides by zero")
            return Fraction(int(match.group(1)), denominator)
        if _DECIMAL.match(value):
            return Fraction(Decimal(value.strip()))
    raise ValueError(f'{value!r} is not a number; write an integer, "0.55" or "2/3"')


def parse_duration(value: object) -> timedelta:
    """Read ``30m``, ``2h``, ``7d`` or ``2w``."""
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a duration; write e.g. 30m, 2h, 7d or 2w")
    try:
        return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    except OverflowError:
        raise ValueError(f"{value!r} is too long a duration") from None


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
