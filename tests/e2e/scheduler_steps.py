"""Meetings a few seconds ahead in real time, for tests that run ``poolgov run --http`` processes,
kill them around a reminder's due time and count what the fake Slack received."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.sandbox import FakeSlack
from governance.meetings.occurrences import occurrence_key
from tests.e2e.meeting_flows import ASSEMBLY, post_calls
from tests.e2e.pool import CHARTER
from tests.e2e.processes import BotProcess

SHANGHAI = ZoneInfo("Asia/Shanghai")
BOARD = "C0BOARD"


@dataclass(frozen=True)
class Timeline:
    """Two daily meetings starting ``lead`` seconds from now, reminded at ``early`` and ``late``
    seconds before the start; ``board`` is the one a test cancels."""

    starts: datetime
    early: int
    late: int

    @property
    def assembly(self) -> str:
        return occurrence_key("assembly", self.starts.astimezone(SHANGHAI))

    @property
    def board(self) -> str:
        return occurrence_key("board", self.starts.astimezone(SHANGHAI))

    def due(self, seconds: int) -> datetime:
        return self.starts - timedelta(seconds=seconds)

    def charter(self) -> str:
        wall = self.starts.astimezone(SHANGHAI).replace(tzinfo=None).isoformat()
        entries = []
        for meeting_id, title, channel in (
            ("assembly", "General Assembly", ASSEMBLY),
            ("board", "Board Meeting", BOARD),
        ):
            entries.append(
                f"  - id: {meeting_id}\n"
                f"    title: {title}\n"
                '    rrule: "FREQ=DAILY"\n'
                f"    starts: {wall}\n"
                "    duration: 30s\n"
                f"    channel: {channel}\n"
                f"    reminders: [{self.early}s, {self.late}s]\n"
                "    agenda_closes: 2s\n"
                "    check_in_grace: 2s\n"
            )
        return CHARTER + "meetings:\n" + "".join(entries)


def timeline(lead: int, early: int, late: int) -> Timeline:
    starts = (datetime.now(UTC) + timedelta(seconds=lead)).replace(microsecond=0)
    return Timeline(starts, early, late)


def process(fake: FakeSlack, url: str, workdir: Path, plan: Timeline, **env: str) -> BotProcess:
    bot = BotProcess(fake, url, workdir, **env)
    (workdir / "charter.yaml").write_text(plan.charter(), encoding="utf-8")
    return bot


def sleep_until(when: datetime) -> None:
    delay = (when - datetime.now(UTC)).total_seconds()
    if delay > 0:
        time.sleep(delay)


def reminders_sent(fake: FakeSlack, channel: str, offset: int) -> int:
    return post_calls(fake, channel, f"starts in {offset}s")
