"""Numbers, shares and dates in each language, and the command line's language from ``LANG``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import (
    Language,
    cli_language,
    format_count,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    speaking,
)
from bot.i18n.environment import UnknownLanguage, environment_language
from governance.quantities import format_percent as counted_percent

SHANGHAI = ZoneInfo("Asia/Shanghai")
INSTANT = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def test_dates_read_as_each_language_writes_them() -> None:
    assert format_date(date(2027, 1, 5), Language.EN) == "2027-01-05"
    assert format_date(date(2027, 1, 5), Language.ZH_HANS) == "2027年1月5日"
    assert format_datetime(INSTANT, SHANGHAI, Language.ZH_HANS) == "2027年1月5日 10:00"
    assert format_datetime(INSTANT, SHANGHAI, Language.EN) == "2027-01-05 10:00"
    with speaking(Language.ZH_HANS):
        assert format_datetime(INSTANT) == "2027年1月5日 02:00"


@pytest.mark.parametrize("lang", list(Language))
@pytest.mark.parametrize(
    ("share", "places"),
    [
        (Fraction(2, 3), 1),
        (Fraction(1, 2), 1),
        (Fraction(1, 8), 1),
        (Fraction(1), 0),
        (Fraction(1, 3), 4),
        (Fraction(1, 1000), 1),
    ],
)
def test_a_share_reads_as_the_count_rounds_it(lang: Language, share: Fraction, places: int) -> None:
    assert format_percent(share, places, lang) == counted_percent(share, places)


def test_numbers_are_grouped() -> None:
    assert format_number(1234567, Language.EN) == "1,234,567"
    assert format_number(1234567, Language.ZH_HANS) == "1,234,567"
    assert format_number(Fraction(17, 2), Language.EN) == "8.5"


def test_counts_are_not_grouped() -> None:
    assert format_count(1500, Language.EN) == "1500"
    assert format_count(1234567, Language.ZH_HANS) == "1234567"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, Language.ZH_HANS),
        ({"LANG": "en_US.UTF-8"}, Language.EN),
        ({"LANG": "de_DE.UTF-8"}, Language.EN),
        ({"LANG": "zh_TW.UTF-8"}, Language.EN),
        ({"LANG": "C.UTF-8"}, Language.EN),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Language.ZH_HANS),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, Language.EN),
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, Language.ZH_HANS),
        ({"LC_MESSAGES": "zh_CN.UTF-8"}, Language.ZH_HANS),
        ({}, Language.EN),
    ],
)
def test_the_command_line_follows_the_environment(
    environ: dict[str, str], expected: Language
) -> None:
    assert cli_language(None, environ) is expected


def test_lang_given_wins_and_an_unknown_one_is_refused() -> None:
    assert cli_language("en", {"LANG": "zh_CN.UTF-8"}) is Language.EN
    assert cli_language("zh-Hans", {}) is Language.ZH_HANS
    assert cli_language("zh_Hans", {}) is Language.ZH_HANS
    with pytest.raises(UnknownLanguage, match="'fr' is not a language poolgov speaks"):
        cli_language("fr", {})
    assert environment_language({"LANG": "POSIX"}) is None
