"""Dates, times and durations in the language being spoken, for the meeting, complaint and witness
messages.

Slack shows a ``<!date^…>`` token in each reader's own time zone and language; its fallback text
(what a notification, a search or an old client shows) is poolgov's, so it is written in the
language being spoken too: ``2027-01-05 10:00 UTC`` in English, ``2027年1月5日 10:00 UTC`` in
Chinese (:mod:`bot.i18n.formats` writes dates and times; a wall time is
:func:`bot.i18n.formats.format_datetime`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import N_, _
from bot.i18n.formats import utc_fallback
from bot.slack import mrkdwn
from bot.slack.mrkdwn import DATE_LONG, Mrkdwn

_DURATION_UNITS = (
    ("w", 604800, N_("{n}w")),
    ("d", 86400, N_("{n}d")),
    ("h", 3600, N_("{n}h")),
    ("m", 60, N_("{n}m")),
)
_SECONDS = N_("{n}s")


def date_token(instant: datetime, fmt: str = DATE_LONG) -> Mrkdwn:
    """:func:`bot.slack.mrkdwn.date_token`, with its fallback in the language being spoken
    (:func:`bot.i18n.formats.utc_fallback`)."""
    return mrkdwn.date_token(instant, fmt, utc_fallback(instant))


def duration(value: timedelta) -> str:
    """The charter's spelling of a duration (``2h``, ``14d``) in English, its words in Chinese
    (``2小时``, ``14天``): :func:`governance.quantities.format_duration`, spoken."""
    seconds = int(value.total_seconds())
    for _suffix, size, template in _DURATION_UNITS:
        if seconds and seconds % size == 0:
            return _(template).format(n=seconds // size)
    return _(_SECONDS).format(n=seconds)
