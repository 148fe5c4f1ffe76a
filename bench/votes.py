"""One engine's run: poolgov and the floor, each hit by the same burst of ballot clicks.

A fresh database and fake Slack; a pool of ``members`` members (charter from
:func:`tests.integration.charters.charter_text`, patent weights, a 7-day voting period); the
operator opens a general motion through ``/motion`` and its modal; then the floor and poolgov each
take the planned burst, and the counted ballots are read back from the database.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.databases import database
from bench.floor import start_floor
from bench.plan import PlannedClick, Voter, plan_clicks
from bench.receipts import match, url_id, wait_for_receipts
from bench.report import EngineResult, Figures, figures
from bench.wire import send_burst
from bot.runner import PoolBot
from bot.sandbox import FakeSlack, Message, PreparedRequest, RateLimits, SlackDriver
from bot.settings import Settings
from governance.services.queries import get_motion
from tests.integration.charters import OPERATOR, charter_text, member_ids, representative

SIGNING_SECRET = "bench-signing-secret"  # noqa: S105 - the fake's, not a secret
GOVERNANCE = "C0BENCH"
#: Long enough that every refresh a burst asks for folds into one (a close still goes at once).
REFRESH_INTERVAL = 60.0
T = TypeVar("T")


class BenchError(Exception):
    """The scenario could not be set up (the motion did not open, …)."""


@dataclass(frozen=True)
class Options:
    members: int = 500
    clicks: int = 1000
    concurrency: int = 32
    duplicate_share: float = 0.2
    seed: int = 2027


def eventually(check: Callable[[], T | None], what: str, timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise BenchError(f"gave up waiting for {what} after {timeout:.0f}s")
        time.sleep(0.05)


def bench_settings(fake: FakeSlack, database_url: str, charter: Path) -> Settings:
    return Settings.model_validate(
        {
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "POOLGOV_CHARTER": str(charter),
            "POOLGOV_CHANNEL": GOVERNANCE,
            "POOLGOV_AUDIT_KEY": "bench-audit-key",
            "POOLGOV_REFRESH_INTERVAL": REFRESH_INTERVAL,
        }
    )


def open_motion(driver: SlackDriver, fake: FakeSlack) -> Message:
    """The operator drafts a general motion through ``/motion`` and the modal; its message."""
    answer = driver.slash_command(OPERATOR, "/motion", "general")
    if answer.status != 200:
        raise BenchError(f"/motion answered {answer.status}: {answer.text}")
    eventually(
        lambda: any(v.callback_id == "motion_draft" for v in fake.views_opened()), "the modal"
    )
    fields = {
        "title": "Bench: adopt the 2027 budget",
        "text": "Resolved, that the budget be adopted.",
        "voting_period": "7d",
    }
    shaped = {block: {"value": value} for block, value in fields.items()}
    submitted = driver.submit_view(OPERATOR, "motion_draft", shaped)
    if submitted.status != 200 or (submitted.text and "errors" in submitted.text):
        raise BenchError(f"the motion modal was refused: {submitted.status} {submitted.text}")
    posted: list[Message] = eventually(lambda: fake.messages(GOVERNANCE), "the motion message")
    return posted[0]


def motion_id_of(message: Message) -> str:
    actions = next(b for b in message.blocks if b["type"] == "actions")
    return str(actions["elements"][0]["value"])


def measure(
    label: str,
    driver: SlackDriver,
    message: Message,
    plan: Sequence[PlannedClick],
    concurrency: int,
    ballots: Callable[[], int | None],
) -> Figures:
    """Send the burst to ``driver``'s app; wait for the receipts; read the ballots."""
    motion_id = motion_id_of(message)
    prepared: dict[int, PreparedRequest] = {}
    for click in plan:
        if click.distinct not in prepared:
            prepared[click.distinct] = driver.prepare_click(
                click.voter.user,
                click.action_id,
                motion_id,
                message_ts=message.ts,
                channel=message.channel,
                extra={"action_ts": click.action_ts},
            )
    bodies = [prepared[c.distinct].body for c in plan]
    urls = [prepared[c.distinct].response_url or "" for c in plan]
    burst = send_burst(driver, bodies, concurrency)
    ids = {url_id(u) for u in urls}
    posts = wait_for_receipts(driver.fake, ids, expected=len(plan))
    return figures(label, burst, match(burst.sent, urls, posts), ballots())


def run_engine(engine: str, options: Options) -> EngineResult:
    """Floor, then poolgov, on one engine; everything started here is stopped here."""
    voters = [Voter(m, representative(m)) for m in member_ids(options.members)]
    plan = plan_clicks(
        voters, options.clicks, duplicate_share=options.duplicate_share, seed=options.seed
    )
    with (
        tempfile.TemporaryDirectory(prefix="poolgov-bench-") as tmp,
        database(engine, Path(tmp)) as url,
        FakeSlack(rate_limits=RateLimits.unlimited()) as fake,
    ):
        charter = Path(tmp) / "charter.yaml"
        charter.write_text(charter_text(options.members), encoding="utf-8")
        settings = bench_settings(fake, url, charter)
        with PoolBot(settings) as bot:
            server = bot.start_http(port=0)
            driver = SlackDriver(server.url, SIGNING_SECRET, fake)
            message = open_motion(driver, fake)
            motion_id = motion_id_of(message)

            floor_server = start_floor(settings)
            try:
                floor_driver = SlackDriver(floor_server.url, SIGNING_SECRET, fake)
                floor = measure(
                    f"floor ({engine} run)",
                    floor_driver,
                    message,
                    plan,
                    options.concurrency,
                    lambda: None,
                )
            finally:
                floor_server.stop()

            def counted() -> int:
                return len(get_motion(bot.storage.reader(), motion_id).ballots)

            poolgov = measure(
                f"poolgov ({engine})", driver, message, plan, options.concurrency, counted
            )
    return EngineResult(engine, poolgov, floor, options.members)
