"""Numbers, percentages and dates for people, in the language being spoken, from Babel's locale
data. English keeps the forms poolgov has always printed (``60.00%``, ``2027-03-01``); Chinese
writes dates as a Chinese text does (``2027年3月1日``). Exact shares (``3/5``) are data, not
formatted here (:func:`governance.quantities.format_rational`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from bot.i18n import Language, language

_LOCALES = {Language.EN: Locale.parse("en"), Language.ZH_HANS: Locale.parse("zh_Hans_CN")}
_DAY = {Language.EN: "yyyy-MM-dd", Language.ZH_HANS: "long"}  # zh long: 2027年1月5日
_MOMENT = {Language.EN: "yyyy-MM-dd HH:mm", Language.ZH_HANS: "y年M月d日 HH:mm"}


def babel_locale(lang: Language | None = None) -> Locale:
    """Babel's locale for ``lang`` (default: the language being spoken)."""
    return _LOCALES[lang or language()]


def percent(value: Fraction, places: int = 2) -> str:
    """A share for people to read (never used in counting): ``3/5`` → ``60.00%``."""
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    pattern = "#,##0." + "0" * places + "%" if places else "#,##0%"
    return format_percent(decimal, format=pattern, locale=babel_locale())


def number(value: int) -> str:
    """A whole number (a count of members, of rows), ungrouped as poolgov prints counts."""
    return format_decimal(value, format="0", locale=babel_locale())


def day(value: date) -> str:
    """A date: ``2027-01-05`` in English, ``2027年1月5日`` in Chinese."""
    lang = language()
    return format_date(value, _DAY[lang], locale=_LOCALES[lang])


def moment(value: datetime) -> str:
    """A date and time of day, in ``value``'s own zone: ``2027年1月5日 10:00`` in Chinese."""
    lang = language()
    return format_datetime(value, _MOMENT[lang], tzinfo=value.tzinfo, locale=_LOCALES[lang])
