"""A connected poolgov: storage, the Slack app, the message refresher and the scheduler, wired once.

``PoolBot(settings)`` prepares everything (schema upgraded, pool initialised from
``POOLGOV_CHARTER`` on an empty database); ``serve_http`` or ``serve_socket_mode`` runs it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self

from bot.app import build_app, listener_threads, web_client
from bot.ballot_batcher import BallotBatcher
from bot.ballot_writer import BallotWriterProcess
from bot.bootstrap import Storage, build
from bot.charter_isolated import server_parser
from bot.early_close import EarlyCloser
from bot.health import Health
from bot.jobs import schedule_close, sweep
from bot.meeting_posts import render_post
from bot.metrics import PoolCollector, counted_ballots, registry_for, sized_batches
from bot.motion_posts import close_if_due
from bot.ops import OpsApp
from bot.request_ids import instrument_socket_mode
from bot.runtime import Runtime, utc_now
from bot.scheduler import Scheduler
from bot.server import HttpServer, wsgi_app
from bot.settings import Settings
from bot.slack.refresher import Refresher
from bot.socket_edge import EdgeSocketModeHandler
from governance.commands import InitialisePool
from governance.services import cast_ballot, cast_ballots, initialise_pool
from migrations import runner as migrations
from storage.audit.head_book import SqlHeadBook
from storage.audit.keys import load_audit_key
from storage.audit.signing import SigningKeyInvalid
from storage.audit.signing_keys import SigningKeyMissing, ensure_signer
from storage.findings import Finding, FindingError
from storage.leadership import Leadership
from storage.posts import SqlPostBook

log = logging.getLogger(__name__)


class NotReady(FindingError):
    """The bot cannot start; the finding says what to set or run."""


def prepare_storage(settings: Settings, clock: Callable[[], datetime]) -> Storage:
    """Upgrade the schema, make sure the signing key exists, initialise from the charter once.

    On SQLite a missing signing key is created (owner-only, beside the database); on PostgreSQL
    it must be configured, since replicas must all sign with one key (:class:`NotReady`).
    """
    url = settings.database_url
    environ = settings.storage_environ()
    try:
        signer, created = ensure_signer(url, environ)
    except (SigningKeyMissing, SigningKeyInvalid) as error:
        raise NotReady(error.finding) from None
    if created is not None:
        log.info("signing key written to %s (owner-only); back it up", created)
    migrations.upgrade(url)
    key = load_audit_key(url, environ)
    # a large charter is parsed in a child, so the server keeps the charter and not the peak
    storage = build(url, key, server_parser(), settings=settings, signer=signer)
    with storage.reader() as uow:
        initialised = uow.charters.current() is not None
    if not initialised:
        if settings.charter_path is None:
            storage.close()
            raise NotReady(
                Finding(
                    "the database holds no pool yet: set POOLGOV_CHARTER to the charter file "
                    "(or run `poolgov init CHARTER.yaml`)"
                )
            )
        try:
            text = settings.charter_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            storage.close()
            raise NotReady(
                Finding(
                    "POOLGOV_CHARTER {path}: cannot read it ({error})",
                    path=settings.charter_path,
                    error=error,
                )
            ) from None
        initialise_pool(InitialisePool(text), storage.uow(), clock(), storage.parse_charter)
        log.info("pool initialised from %s", settings.charter_path)
    return storage


class PoolBot:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        token_verification: bool = True,
    ) -> None:
        self.settings = settings
        self.storage = prepare_storage(settings, clock)
        self.runtime = Runtime(
            settings=settings,
            new_uow=self.storage.uow,
            reader=self.storage.reader,
            parse=self.storage.parse_charter,
            client=web_client(settings),
            posts=SqlPostBook(self.storage.engine),
            clock=clock,
            signer=self.storage.signer,
            heads=SqlHeadBook(self.storage.engine, self.storage.signer)
            if self.storage.signer is not None
            else None,
        )
        rt = self.runtime
        # The app starts no thread until it serves; built first, it is in the writer's pages.
        self.listeners = listener_threads(settings)
        self.app = build_app(rt, token_verification=token_verification, listeners=self.listeners)
        self.writer: BallotWriterProcess | None = None
        if settings.ballot_writer == "process":
            writer = self.writer = self._ballot_writer()
            self.batcher = BallotBatcher(
                sized_batches(lambda commands: writer.record_batch(commands, rt.clock())),
                lambda command: writer.record_one(command, rt.clock()),
                max_batch=settings.ballot_batch,
            )
        else:
            self.batcher = BallotBatcher(
                sized_batches(lambda commands: cast_ballots(commands, rt.new_uow(), rt.clock())),
                lambda command: cast_ballot(command, rt.new_uow(), rt.clock()),
                max_batch=settings.ballot_batch,
            )
        rt.submit_ballot = counted_ballots(self.batcher.submit)  # bot/metrics.py
        self.refresher = Refresher(lambda key: render_post(rt, key), settings.refresh_interval)
        rt.refresh = lambda key, urgent: self.refresher.request(key, urgent=urgent)
        self.scheduler = Scheduler(
            lambda: sweep(rt, self.scheduler),
            Leadership(self.storage.engine),
            sweep_interval=settings.sweep_interval,
            election_interval=settings.election_interval,
        )
        rt.on_motion_shown.append(
            lambda motion_id, at: schedule_close(rt, self.scheduler, motion_id, at)
        )
        self.early_closer = EarlyCloser(
            lambda motion_id: close_if_due(rt, motion_id), settings.close_grace
        )
        rt.close_early = self.early_closer.request
        self._http: HttpServer | None = None
        self._socket: EdgeSocketModeHandler | None = None
        # /healthz, /readyz (bot/health.py) and, on the ops port only, /metrics (bot/ops.py)
        self.health = Health(settings.database_url, slack_connected=self._slack_connected)
        self.ops = OpsApp(
            self.health,
            registry_for(PoolCollector(self.storage.engine, lambda: self.scheduler.leading)),
        )
        self._ops_server: HttpServer | None = None
        self._socket_mode = False

    def _slack_connected(self) -> bool:
        if not self._socket_mode:
            return True  # over HTTP, Slack comes to us
        return self._socket is not None and bool(self._socket.client.is_connected())

    def start_ops(self) -> HttpServer | None:
        """Serve the ops endpoints on ``POOLGOV_OPS_PORT`` (in a thread), when it is set."""
        if self.settings.ops_port is not None and self._ops_server is None:
            self._ops_server = HttpServer(
                self.ops, host=self.settings.ops_host, port=self.settings.ops_port, threads=2
            ).start()
            log.info("serving /healthz, /readyz and /metrics on %s", self._ops_server.url)
        return self._ops_server

    def _ballot_writer(self) -> BallotWriterProcess:
        """The writer's child, forked when nothing runs beside this thread (``poolgov run``, once
        the app is built): it then shares the parent's memory instead of importing it again.
        Otherwise (a test or bench that runs threads of its own) a lean interpreter is started.
        """
        url, size = self.storage.database_url, self.settings.writer_pool_size
        if threading.active_count() != 1:
            return BallotWriterProcess(url, pool_size=size)
        self.storage.engine.dispose()  # no connection of the parent's is carried into the child
        return BallotWriterProcess.fork(url, pool_size=size)

    def start_http(self, host: str = "127.0.0.1", port: int = 3000) -> HttpServer:
        """Serve ``/slack/events`` in a background thread and start the scheduler."""
        self._http = HttpServer(wsgi_app(self.app, ops=self.ops), host=host, port=port).start()
        self.start_ops()
        self.scheduler.start()
        return self._http

    def serve_http(self, host: str = "0.0.0.0", port: int = 3000) -> None:  # noqa: S104
        self._http = HttpServer(wsgi_app(self.app, ops=self.ops), host=host, port=port)
        self.start_ops()
        self.scheduler.start()
        log.info("serving Slack requests on %s/slack/events", self._http.url)
        try:
            self._http.serve_forever()
        finally:
            self.stop()

    def start_socket_mode(self) -> EdgeSocketModeHandler:
        """Connect over Socket Mode (``SLACK_APP_TOKEN``) and start the scheduler; not blocking."""
        token = self.settings.slack_app_token
        if token is None:
            raise NotReady(Finding("Socket Mode needs SLACK_APP_TOKEN (xapp-…)"))
        handler = EdgeSocketModeHandler(self.app, token.get_secret_value())
        instrument_socket_mode(handler)  # envelope ids as request ids
        self._socket_mode = True
        handler.connect()  # type: ignore[no-untyped-call]
        self._socket = handler
        self.start_ops()
        self.scheduler.start()
        return handler

    def serve_socket_mode(self) -> None:
        self.start_socket_mode()
        log.info("connected to Slack over Socket Mode")
        try:
            threading.Event().wait()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
            self._http = None
        if self._socket is not None:
            self._socket.close()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._ops_server is not None:
            self._ops_server.stop()
            self._ops_server = None
        # no request comes in any more: the listeners still at work finish (a vote's sends its
        # receipt once the batcher below has recorded it), then their threads end
        self.listeners.shutdown(wait=True)
        self.scheduler.stop()
        self.batcher.stop()  # every queued ballot recorded and answered
        if self.writer is not None:
            self.writer.stop()
        self.early_closer.stop()  # and every motion all have voted on, closed
        self.refresher.flush(timeout=10)
        self.refresher.stop()
        self.health.close()
        self.storage.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
