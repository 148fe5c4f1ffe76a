"""One running sandbox: the stand-in for Slack, the unchanged poolgov, and the person at the page.

poolgov runs as it does in production (``PoolBot``: listeners, services, database, scheduler),
serving signed HTTP on a loopback port; its Web API calls go to the stand-in (``SLACK_API_URL``),
and it reads the time from a :class:`SandboxClock`. What the page asks for is sent to it as Slack
would send it, signed with a secret made for this run (:class:`SlackDriver`).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

from sqlalchemy import MetaData

from bot.jobs import sweep
from bot.meeting_posts import CALENDAR
from bot.runner import PoolBot
from bot.sandbox.driver import SlackDriver
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.rate_limits import RateLimits
from bot.sandbox.web.clock import SandboxClock
from bot.sandbox.web.people import (
    Conversation,
    Person,
    conversations_of,
    fake_users,
    people_of,
    visible_to,
)
from bot.settings import Settings
from governance.services import queries
from governance.services.meetings import upcoming
from migrations import runner as migrations
from storage import deployment
from storage.audit.signing import HeadSigner
from storage.engines import make_engine, sqlite_path
from storage.sealing import generate_key

log = logging.getLogger(__name__)

GOVERNANCE_CHANNEL = "C0GOVERNANCE"
DEFAULT_DATABASE = "poolgov-sandbox.db"
COMPLAINT_KEY_FILE = "poolgov-sandbox.complaint-key"
SIGNING_KEY_FILE = "poolgov-sandbox-signing.key"


@dataclass(frozen=True)
class SandboxConfig:
    charter: Path
    database_url: str
    workdir: Path


class Sandbox:
    """Start it, drive it as people would, read what each person sees; stop or reset it."""

    def __init__(self, config: SandboxConfig, clock: SandboxClock | None = None) -> None:
        self.config = config
        self.clock = clock or SandboxClock()
        self.signing_secret = secrets.token_hex(16)  # this run's: only the driver knows it
        self.fake = FakeSlack(rate_limits=RateLimits.unlimited(), clock=self.clock.seconds)
        self.bot: PoolBot | None = None
        self.driver: SlackDriver | None = None
        self._names: dict[str, str] = {}
        self._people: list[Person] = []
        self._conversations: list[Conversation] = []
        self._drafts: dict[str, dict[str, Any]] = {}  # view id → values to show in its fields
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Refuse a real pool's database, mark this one the sandbox's, and start poolgov."""
        url = self.config.database_url
        deployment.refuse_for_sandbox(deployment.look(url), _shown_url(url))
        self.fake.start()
        migrations.upgrade(url)
        engine = make_engine(url, pre_ping=False)
        try:
            deployment.claim(engine, deployment.SANDBOX, self.clock())
        finally:
            engine.dispose()
        values: dict[str, Any] = dict(
            _env_file=None,
            SLACK_BOT_TOKEN=self.fake.bot_token,
            SLACK_SIGNING_SECRET=self.signing_secret,
            SLACK_APP_TOKEN=None,
            SLACK_API_URL=self.fake.api_url,
            DATABASE_URL=url,
            POOLGOV_CHARTER=str(self.config.charter),
            POOLGOV_CHANNEL=GOVERNANCE_CHANNEL,
            POOLGOV_COMPLAINT_KEY_FILE=str(self._complaint_key_file()),
            **self._signing_key(),
            POOLGOV_REFRESH_INTERVAL=0.2,
            POOLGOV_SWEEP_INTERVAL=5.0,
            POOLGOV_ELECTION_INTERVAL=1.0,
        )
        self.bot = PoolBot(Settings(**values), clock=self.clock)
        server = self.bot.start_http(host="127.0.0.1", port=0)
        # signed on the wall clock, as Slack signs: the bot checks request times against its
        # machine's clock, not against the sandbox's moved one
        self.driver = SlackDriver(server.url, self.signing_secret, self.fake)
        self.refresh_people()
        return self

    def stop(self) -> None:
        if self.bot is not None:
            self.bot.stop()
            self.bot.storage.close()
            self.bot = None
        self.fake.stop()

    def reset(self) -> None:
        """Start over: an empty database, an empty chat, the clock back at the wall's time."""
        with self._lock:
            if self.bot is not None:
                self.bot.stop()
                self.bot.storage.close()
                self.bot = None
            self.fake.stop()
            wipe(self.config.database_url)
            self.fake.reset()
            self.clock.restart()
            self._names.clear()
            self._drafts.clear()
            self.fake = FakeSlack(rate_limits=RateLimits.unlimited(), clock=self.clock.seconds)
            self.start()

    def _signing_key(self) -> dict[str, str]:
        """On SQLite poolgov keeps the key beside the database; on PostgreSQL, which never gets
        one made for it, the sandbox keeps its own in the working directory."""
        if sqlite_path(self.config.database_url) is not None:
            return {}
        path = self.config.workdir / SIGNING_KEY_FILE
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(HeadSigner.generate().private_key_pem())
        return {"POOLGOV_SIGNING_KEY_FILE": str(path)}

    def _complaint_key_file(self) -> Path:
        path = self.config.workdir / COMPLAINT_KEY_FILE
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(generate_key() + "\n")
        return path

    # -- who is who ------------------------------------------------------------------------

    def refresh_people(self) -> None:
        """Read the register again (an admission adds representatives) and tell the stand-in."""
        bot = self.running_bot
        charter = queries.charter_in_force(bot.runtime.reader(), bot.runtime.parse).charter
        with self._lock:
            self._people = people_of(charter, self._names)
            self._conversations = conversations_of(charter, GOVERNANCE_CHANNEL)
            self.zone = str(charter.pool.timezone)
            self.pool_name = charter.pool.name
        for user in fake_users(self._people):
            self.fake.add_user(user)

    @property
    def people(self) -> list[Person]:
        with self._lock:
            return list(self._people)

    def person(self, user: str) -> Person | None:
        return next((p for p in self.people if p.id == user), None)

    def conversations(self, user: str) -> list[Conversation]:
        with self._lock:
            return visible_to(user, self._conversations)

    @property
    def running_bot(self) -> PoolBot:
        if self.bot is None:
            raise RuntimeError("the sandbox is not running")
        return self.bot

    @property
    def slack(self) -> SlackDriver:
        if self.driver is None:
            raise RuntimeError("the sandbox is not running")
        return self.driver

    # -- what people do --------------------------------------------------------------------

    def command(self, user: str, channel: str, line: str) -> int:
        """A slash command typed in ``channel``: ``/motion admission``. Returns the HTTP status."""
        command, _, text = line.strip().partition(" ")
        names = {c.id: c.name for c in self.conversations(user)}
        answer = self.slack.slash_command(
            user,
            command,
            text.strip(),
            channel=channel,
            channel_name=names.get(channel, "directmessage"),
        )
        if answer.status == 200 and answer.body.strip():
            self._show_ack(user, channel, answer.json())
        return answer.status

    def click(
        self,
        user: str,
        action_id: str,
        value: str | None,
        *,
        block_id: str | None = None,
        action_type: str = "button",
        channel: str | None = None,
        message_ts: str | None = None,
        view_id: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        answer = self.slack.click(
            user,
            action_id,
            value,
            block_id=block_id,
            action_type=action_type,
            channel=channel or GOVERNANCE_CHANNEL,
            message_ts=message_ts,
            view_id=view_id,
            extra=extra,
        )
        return answer.status

    def submit(self, user: str, view_id: str, values: Mapping[str, Mapping[str, object]]) -> int:
        opened = self.fake.view(view_id)
        callback = opened.callback_id if opened else ""
        answer = self.slack.submit_view(user, callback, values, view_id=view_id)
        if answer.status == 200:
            self._drafts.pop(view_id, None)
            self.fake.answer_submission(user, view_id, answer.json())
        return answer.status

    def close_modal(self, user: str, view_id: str) -> None:
        opened = self.fake.view(view_id)
        self.fake.close_modal(user, view_id)
        self._drafts.pop(view_id, None)
        if opened is not None and opened.view.get("notify_on_close"):
            self.slack.view_closed(user, view_id)

    def open_home(self, user: str) -> int:
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.fake.dm_channel(user),
            "tab": "home",
            "event_ts": f"{self.clock.seconds():.6f}",
        }
        return self.slack.event(event).status

    def keep_draft(self, view_id: str, values: Mapping[str, Any]) -> None:
        """Values the page shows in a modal's fields until it is submitted (the demo's draft)."""
        self._drafts[view_id] = dict(values)

    def draft(self, view_id: str) -> dict[str, Any]:
        return dict(self._drafts.get(view_id, {}))

    def _show_ack(self, user: str, channel: str, ack: Any) -> None:
        """A command's immediate answer is shown to its sender only, as Slack shows it."""
        if not isinstance(ack, dict) or not (ack.get("text") or ack.get("blocks")):
            return
        url = self.fake.new_response_url(user=user, channel=channel)
        body = json.dumps({"response_type": "ephemeral", **ack}).encode()
        request = Request(url, data=body, headers={"Content-Type": "application/json"})  # noqa: S310
        with urlopen(request, timeout=30):  # noqa: S310 - the stand-in on loopback
            pass

    # -- time ------------------------------------------------------------------------------

    def advance(self, by: timedelta) -> None:
        """Move time forward and let whatever fell due happen now (a sweep on the new time)."""
        self.clock.advance(by)
        self.catch_up()

    def advance_to(self, when: datetime) -> None:
        self.clock.advance_to(when)
        self.catch_up()

    def catch_up(self) -> None:
        bot = self.running_bot
        sweep(bot.runtime, bot.scheduler)
        self.fake.changed()

    def next_deadline(self) -> datetime | None:
        """The earliest deadline still ahead: an open motion's close, or a complaint's time to
        be acknowledged or answered."""
        bot = self.running_bot
        now = self.clock()
        due = [
            view.motion.closes_at
            for view in queries.open_motions(bot.runtime.reader())
            if view.motion.is_shown
        ]
        with bot.runtime.reader() as uow:
            complaints = uow.complaints.all()
        for complaint in complaints:
            if complaint.closed_at is not None or complaint.escalated_at is not None:
                continue
            if complaint.acknowledged_at is None:
                due.append(complaint.acknowledge_by)
            elif complaint.answered_at is None:
                due.append(complaint.respond_by)
        return min((when for when in due if when > now), default=None)

    def next_meeting(self) -> datetime | None:
        bot = self.running_bot
        now = self.clock()
        found = upcoming(bot.runtime.reader(), bot.runtime.parse, CALENDAR, now, 10)
        starts = [o.starts for o in found if not o.cancelled and o.starts > now]
        return min(starts, default=None)


def _shown_url(url: str) -> str:
    path = sqlite_path(url)
    return path if path is not None else "the database"


def wipe(url: str) -> None:
    """Empty a sandbox's database (the SQLite file goes; on PostgreSQL every table does)."""
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    engine = make_engine(url, pre_ping=False)
    try:  # every table, the migrations' own included (a downgrade may refuse to run)
        tables = MetaData()
        tables.reflect(bind=engine)
        tables.drop_all(bind=engine)
    finally:
        engine.dispose()
