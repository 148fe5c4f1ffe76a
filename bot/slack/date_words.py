"""Dates, times and durations in the language being spoken, for the meeting, complaint and witness
messages.

Slack shows a ``<!date^…>`` token in each reader's own time zone and language; its fallback text
(what a notification, a search or an old client shows) is poolgov's, so it is written in the
language being spoken too: ``2027-01-05 10:00 UTC`` in English, ``2027年1月5日 10:00 UTC`` in
Chinese. The formats are catalog messages, so a translation decides the order of the parts.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.i18n import N_, _
from bot.slack.mrkdwn import Mrkdwn, md

#: Slack's own words for a date: the day in the reader's language, the time in their zone.
LONG = "{date_long_pretty} {time}"

_DURATION_UNITS = (
    ("w", 604800, N_("{n}w")),
    ("d", 86400, N_("{n}d")),
    ("h", 3600, N_("{n}h")),
    ("m", 60, N_("{n}m")),
)
_SECONDS = N_("{n}s")


#: a date and time as a CLDR pattern (Babel's ``format_datetime`` reads the same letters)
DATE_TIME = N_("yyyy-MM-dd HH:mm")
_PATTERN_FIELD = re.compile(r"y+|M+|d+|H+|m+")


def _field(value: datetime, letters: str) -> str:
    number = {
        "y": value.year,
        "M": value.month,
        "d": value.day,
        "H": value.hour,
        "m": value.minute,
    }[letters[0]]
    return f"{number:0{len(letters)}d}"


def date_time(value: datetime) -> str:
    """A wall time as its own zone reads it: ``2027-01-05 10:00`` (``2027年1月5日 10:00``).

    The catalog gives the pattern: ``yyyy`` the year, ``MM``/``M`` the month with or without
    its leading zero, ``dd``/``d`` the day, ``HH`` the hour, ``mm`` the minute."""
    return _PATTERN_FIELD.sub(lambda m: _field(value, m.group()), _(DATE_TIME))


def utc_fallback(instant: datetime) -> str:
    """What a date token shows where Slack cannot render it: the instant in UTC."""
    return _("{date_time} UTC").format(date_time=date_time(instant.astimezone(UTC)))


def date_token(instant: datetime, fmt: str = LONG) -> Mrkdwn:
    """:func:`bot.slack.mrkdwn.date_token`, with its fallback in the language being spoken."""
    return md(
        "<!date^{stamp}^{fmt}|{fallback}>",
        stamp=int(instant.timestamp()),
        fmt=fmt,
        fallback=utc_fallback(instant),
    )


def duration(value: timedelta) -> str:
    """The charter's spelling of a duration (``2h``, ``14d``) in English, its words in Chinese
    (``2小时``, ``14天``): :func:`governance.quantities.format_duration`, spoken."""
    seconds = int(value.total_seconds())
    for _suffix, size, template in _DURATION_UNITS:
        if seconds and seconds % size == 0:
            return _(template).format(n=seconds // size)
    return _(_SECONDS).format(n=seconds)
