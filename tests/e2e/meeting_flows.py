"""The meetings e2e pool: the e2e charter plus meetings, a clock the tests set by hand, and steps
that wait for the bot's messages in a meeting channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, Message, SlackDriver
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.flows import eventually, text_of
from tests.e2e.pool import CHARTER

ASSEMBLY = "C0ASSEMBLY"


def meetings_yaml(starts: str, *, reminders: str = "[1d, 1h]", extra: str = "") -> str:
    """A weekly General Assembly (Shanghai time), and ``extra`` meetings verbatim."""
    return (
        "meetings:\n"
        "  - id: assembly\n"
        "    title: General Assembly\n"
        '    rrule: "FREQ=WEEKLY"\n'
        f"    starts: {starts}\n"
        "    duration: 2h\n"
        f"    channel: {ASSEMBLY}\n"
        "    quorum: 1/2\n"
        f"    reminders: {reminders}\n"
        "    agenda_closes: 2h\n"
        "    check_in_grace: 15m\n"
    ) + extra


def running_with_meetings(
    fake: FakeSlack, url: str, tmp_path: Path, meetings: str, clock: HandClock
) -> Iterator[Harness]:
    settings = settings_for(fake, url, tmp_path)
    assert settings.charter_path is not None
    settings.charter_path.write_text(CHARTER + meetings, encoding="utf-8")
    with PoolBot(settings, clock=clock) as bot:
        server = bot.start_http(port=0)
        yield Harness(fake, bot, SlackDriver(server.url, SIGNING_SECRET, fake), settings)


def posted(fake: FakeSlack, channel: str, needle: str) -> list[Message]:
    return [m for m in fake.messages(channel) if needle in text_of(m)]


def wait_for_post(fake: FakeSlack, channel: str, needle: str, timeout: float = 60.0) -> Message:
    found: list[Message] = eventually(lambda: posted(fake, channel, needle), timeout)
    return found[-1]


def post_calls(fake: FakeSlack, channel: str, needle: str) -> int:
    """Accepted chat.postMessage calls to ``channel`` whose text holds ``needle``."""
    return sum(
        1
        for call in fake.calls("chat.postMessage")
        if call.ok and call.params.get("channel") == channel and needle in str(call.params)
    )
