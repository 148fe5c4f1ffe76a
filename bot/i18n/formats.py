"""Numbers, percentages and dates as the language being spoken writes them (Babel's locale data).

English keeps the forms poolgov has always shown (``66.7%``, ``2027-01-05 10:00``); Chinese
writes dates as a Chinese legal text does (``2027年1月5日 10:00``). Counting never uses these:
they are for people to read, and machine output (``--json``, CSV, audit payloads) never goes
through them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from fractions import Fraction
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

from bot.i18n.languages import Language
from bot.i18n.speech import language

#: Babel patterns of a date, and of a date with its time, per language
_DATE = {Language.EN: "yyyy-MM-dd", Language.ZH_HANS: "y年M月d日"}
_DATE_TIME = {Language.EN: "yyyy-MM-dd HH:mm", Language.ZH_HANS: "y年M月d日 HH:mm"}


@cache
def babel_locale(lang: Language) -> Locale:
    """Babel's locale of a catalog (``zh_Hans`` is Simplified Chinese as written in China)."""
    return Locale.parse(lang.value)


def _locale(lang: Language | None) -> Locale:
    return babel_locale(lang or language())


def format_number(value: int | Decimal | Fraction, lang: Language | None = None) -> str:
    """``1,234,567``; a fraction with up to three decimals."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return str(format_decimal(value, locale=_locale(lang)))


def format_count(value: int, lang: Language | None = None) -> str:
    """A whole number as poolgov prints counts (of members, of rows): ungrouped, ``1500``."""
    return str(format_decimal(value, format="0", locale=_locale(lang)))


def format_percent(value: Fraction, places: int = 1, lang: Language | None = None) -> str:
    """``value`` (a share, 0..1) as a percentage with ``places`` decimals: ``66.7%``.

    Rounded as :func:`governance.quantities.format_percent` rounds (half to even, exactly), so the
    figure reads the same in every language.
    """
    scaled = value * 100
    quantum = Decimal(1).scaleb(-places)
    number = (Decimal(scaled.numerator) / Decimal(scaled.denominator)).quantize(quantum)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "") + "%"
    return str(
        _babel_percent(number / 100, pattern, locale=_locale(lang), decimal_quantization=False)
    )


def format_date(day: date, lang: Language | None = None) -> str:
    """``2027-01-05`` in English, ``2027年1月5日`` in Chinese."""
    chosen = lang or language()
    return str(_babel_date(day, _DATE[chosen], locale=babel_locale(chosen)))


def format_datetime(
    instant: datetime, zone: tzinfo | None = None, lang: Language | None = None
) -> str:
    """``2027-01-05 10:00`` in English, ``2027年1月5日 10:00`` in Chinese, in ``zone`` if given
    (else as ``instant`` is: an aware instant keeps its own offset)."""
    chosen = lang or language()
    shown = instant.astimezone(zone) if zone is not None else instant
    return str(
        _babel_datetime(shown.replace(tzinfo=None), _DATE_TIME[chosen], locale=babel_locale(chosen))
    )


def utc_fallback(instant: datetime, lang: Language | None = None) -> str:
    """The text a Slack date token shows where it cannot: ``2027-01-05 02:00 UTC``,
    ``2027年1月5日 02:00 UTC``."""
    return f"{format_datetime(instant, UTC, lang)} UTC"
