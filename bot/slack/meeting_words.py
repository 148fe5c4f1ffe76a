"""Reading ``/meeting`` and ``/agenda`` arguments at the edge: times local to the pool's zone,
durations in the charter's spelling, occurrence keys as ``/meeting next`` shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import _, t
from bot.slack.arguments import (
    MEETING_ID_LENGTH,
    MEETING_TITLE_LENGTH,
    OCCURRENCE_KEY_LENGTH,
    REASON_LENGTH,
    echo,
    within,
)
from bot.slack.mrkdwn import Mrkdwn, code
from bot.slack.replies import Refusal
from governance.meetings.occurrences import ONE_OFF_SUFFIX
from governance.quantities import looks_like_duration, parse_duration

#: ``2027-01-05T10:00`` (seconds optional), with an offset or ``Z`` if it carries one; ASCII only.
_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_MEETING_ID = re.compile(rf"[A-Za-z0-9_.-]{{1,{MEETING_ID_LENGTH}}}")
_KEY = re.compile(
    rf"[A-Za-z0-9_.-]{{1,{MEETING_ID_LENGTH}}}@[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"
    rf"T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?({re.escape(ONE_OFF_SUFFIX)})?"
)
#: A meeting is scheduled at most this far from now, ahead or behind: the calendar's ends are
#: far beyond it, and a year like 9999 leaves no room for its end or its reminders.
HORIZON = timedelta(days=100 * 366)
#: The longest meeting ``/meeting add`` takes.
LONGEST_MEETING = timedelta(days=14)

MEETING_TOPICS = ("next", "agenda", "minutes", "add", "move", "cancel")


def usage() -> Mrkdwn:
    """How ``/meeting`` is used, in the language being spoken."""
    return t(
        "`/meeting next` · `/meeting agenda [KEY]` · `/meeting minutes` · "
        "`/meeting minutes record [KEY]` (operator) · `/meeting add ID START [DURATION] [TITLE]` · "
        "`/meeting move KEY START [REASON]` · `/meeting cancel KEY [REASON]` (operator); "
        "START is `2027-01-05T10:00` in the pool's time zone unless it carries an offset."
    )


def _quoted(text: str) -> Mrkdwn:
    return code(echo(text))


def instant(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """``2027-01-05T10:00`` in the pool's zone (or with its own offset), as a UTC instant,
    within :data:`HORIZON` of ``now``."""
    not_a_time = Refusal(
        t("{text} is not a time; write it like 2027-01-05T10:00.", text=_quoted(text))
    )
    if not _TIME.fullmatch(text):
        raise not_a_time
    try:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        value = value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise not_a_time from None
    if abs(value - now) > HORIZON:
        raise Refusal(
            t("{text} is too far from today; meetings are within 100 years.", text=_quoted(text))
        )
    return value


def duration(text: str) -> timedelta | None:
    """A meeting's length, or None if ``text`` is not spelled as one (it is a title's word)."""
    if not looks_like_duration(text):
        return None
    try:
        return parse_duration(text, longest=LONGEST_MEETING)
    except ValueError:
        raise Refusal(
            t("{text} is too long for a meeting; at most 14d.", text=_quoted(text))
        ) from None


def meeting_id(text: str) -> str:
    if not _MEETING_ID.fullmatch(text):
        raise Refusal(
            t(
                "{text} is not a meeting id: use up to {n} letters, digits, `-`, `_` or `.`.",
                text=_quoted(text),
                n=MEETING_ID_LENGTH,
            )
        )
    return text


def meeting_key(text: str) -> str:
    """A meeting key as `/meeting next` shows it (``assembly@2027-01-05T10:00``)."""
    if len(text) > OCCURRENCE_KEY_LENGTH or not _KEY.fullmatch(text):
        raise Refusal(
            t("{text} is not a meeting key; `/meeting next` lists them.", text=_quoted(text))
        )
    return text


def title(text: str) -> str:
    return within(text, MEETING_TITLE_LENGTH, _("A meeting's title"))


def reason(text: str) -> str:
    return within(text, REASON_LENGTH, _("A reason"))


@dataclass(frozen=True)
class Words:
    topic: str
    args: tuple[str, ...]

    def arg(self, index: int, what: str) -> str:
        if len(self.args) <= index:
            raise Refusal(
                t(
                    "`/meeting {topic}` needs {what}. {usage}",
                    topic=self.topic,
                    what=what,
                    usage=usage(),
                )
            )
        return self.args[index]

    def rest(self, index: int) -> str:
        return " ".join(self.args[index:]).strip()


def words(text: str) -> Words:
    parts = tuple(text.split())
    topic = parts[0].lower() if parts else "next"
    if topic not in MEETING_TOPICS:
        raise Refusal(t("`/meeting {topic}` is unknown. {usage}", topic=echo(topic), usage=usage()))
    return Words(topic, parts[1:])
