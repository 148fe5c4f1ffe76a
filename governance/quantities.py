"""Exact numbers and durations as the charter writes them.

Rationals are integers, decimal strings or fraction strings (``2/3``, ``"0.55"``, ``1``) and are
held as :class:`~fractions.Fraction`; durations are ``30m``, ``2h``, ``7d``, ``2w``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from governance.texts import N_

# ASCII digits only ([0-9], never \d, which takes "²" and "٣"), and few enough for int() to read.
_DURATION = re.compile(r"\s*([0-9]{1,12})\s*([smhdw])\s*")
_WHOLE = re.compile(r"[0-9]{1,18}")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_FRACTION = re.compile(r"^\s*(-?[0-9]+)\s*/\s*([0-9]+)\s*$")
# Plain positional decimals only: exponents ("1e999999999") would let a charter file make the bot
# build an enormous integer, and "inf"/"nan" are not numbers a share can be.
_DECIMAL = re.compile(r"^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$")


class QuantityInvalid(ValueError):
    """A number or duration that does not read. Its message is poolgov's template (marked for the
    catalog) filled with its facts, so the bot can show it in the reader's language; ``what``
    is poolgov's own words ("the number of patents"), translated too."""

    words: ClassVar[tuple[str, ...]] = ("what",)

    def __init__(self, template: str, **facts: str | int) -> None:
        super().__init__(template.format(**facts))
        self.template = template
        self.facts = facts


def _shown(value: object) -> str:
    """``value`` quoted for a message, clipped: a refusal never echoes pages of input."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def parse_rational(value: object) -> Fraction:
    """Read a charter rational exactly; floats are refused because they are not exact."""
    if isinstance(value, bool):
        raise QuantityInvalid(N_("expected a number, got {value}"), value=_shown(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise QuantityInvalid(
            N_('{value} is a binary float; write it as a string ("{text}") or a fraction'),
            value=_shown(value),
            text=str(value),
        )
    if isinstance(value, str):
        match = _FRACTION.match(value)
        if match:
            denominator = int(match.group(2))
            if denominator == 0:
                raise QuantityInvalid(N_("{value} divides by zero"), value=_shown(value))
            return Fraction(int(match.group(1)), denominator)
        if _DECIMAL.match(value):
            return Fraction(Decimal(value.strip()))
    raise QuantityInvalid(
        N_('{value} is not a number; write an integer, "0.55" or "2/3"'), value=_shown(value)
    )


def parse_duration(value: object, *, longest: timedelta | None = None) -> timedelta:
    """Read ``30m``, ``2h``, ``7d`` or ``2w``; with ``longest``, nothing longer is accepted."""
    if isinstance(value, timedelta):
        length = value
    else:
        match = _DURATION.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise QuantityInvalid(
                N_("{value} is not a duration; write e.g. 30m, 2h, 7d or 2w"), value=_shown(value)
            )
        try:
            length = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        except OverflowError:
            raise QuantityInvalid(
                N_("{value} is too long a duration"), value=_shown(value)
            ) from None
    if longest is not None and length > longest:
        raise QuantityInvalid(
            N_("{value} is too long; at most {longest}"),
            value=_shown(value),
            longest=format_duration(longest),
        )
    return length


def looks_like_duration(value: str) -> bool:
    """Whether ``value`` is spelled as a duration, however long (see :func:`parse_duration`)."""
    return _DURATION.fullmatch(value) is not None


def parse_whole(value: str, *, largest: int, what: str = "a number") -> int:
    """A whole number written in ASCII digits (no sign, no ``²``), at most ``largest``."""
    text = value.strip()
    if not _WHOLE.fullmatch(text):
        raise QuantityInvalid(N_("write {what} in the digits 0-9"), what=what)
    number = int(text)
    if number > largest:
        raise QuantityInvalid(N_("{what} is at most {largest}"), what=what, largest=largest)
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
