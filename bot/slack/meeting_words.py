"""Reading ``/meeting`` and ``/agenda`` arguments at the edge: times local to the pool's zone,
durations in the charter's spelling, occurrence keys as ``/meeting next`` shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.slack.replies import Refusal
from governance.quantities import parse_duration

MEETING_TOPICS = ("next", "agenda", "minutes", "add", "move", "cancel")
USAGE = (
    "`/meeting next` · `/meeting agenda [KEY]` · `/meeting minutes` · "
    "`/meeting minutes record [KEY]` (operator) · `/meeting add ID START [DURATION] [TITLE]` · "
    "`/meeting move KEY START [REASON]` · `/meeting cancel KEY [REASON]` (operator); "
    "START is `2027-01-05T10:00` in the pool's time zone unless it carries an offset."
)


def instant(text: str, zone: ZoneInfo) -> datetime:
    """``2027-01-05T10:00`` in the pool's zone (or with its own offset), as a UTC instant."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise Refusal(f"`{text}` is not a time; write it like 2027-01-05T10:00.") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def duration(text: str) -> timedelta | None:
    try:
        return parse_duration(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Words:
    topic: str
    args: tuple[str, ...]

    def arg(self, index: int, what: str) -> str:
        if len(self.args) <= index:
            raise Refusal(f"`/meeting {self.topic}` needs {what}. {USAGE}")
        return self.args[index]

    def rest(self, index: int) -> str:
        return " ".join(self.args[index:]).strip()


def words(text: str) -> Words:
    parts = tuple(text.split())
    topic = parts[0].lower() if parts else "next"
    if topic not in MEETING_TOPICS:
        raise Refusal(f"`/meeting {topic}` is unknown. {USAGE}")
    return Words(topic, parts[1:])
