"""Builds the Bolt ``App`` and registers the listeners, one module per Slack surface."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

import bot.slack.register_upkeep as register_upkeep
from bot.metrics import CountingRateLimits, CountingWebClient
from bot.request_ids import carry_context, instrument_app
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack import (
    actions,
    commands,
    complaints,
    fallbacks,
    follow_ups,
    home,
    meetings,
    minutes_actions,
    replies,
    views,
)
from bot.slack import minutes as minutes_listeners
from bot.slack import proxies as proxy_listeners
from bot.slack.payloads import bolt as payloads

#: Every slash command the bot handles; app-manifest.yaml declares exactly these.
COMMANDS: tuple[str, ...] = ("/motion", "/pool", "/complaint", "/meeting", "/agenda")
COMMANDS += ("/action",)  # follow-up actions (bot.slack.follow_ups)
COMMANDS += ("/proxy",)  # proxies (bot.slack.proxies)


def web_client(settings: Settings) -> WebClient:
    """A Web API client that waits out 429s (``Retry-After``) and brief connection faults, and
    counts its calls and 429s by method (bot/metrics.py)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return CountingWebClient(
        token=token,
        base_url=settings.api_base_url,
        retry_handlers=[
            CountingRateLimits(max_retry_count=5),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
        logger=logging.getLogger("poolgov.slack"),
    )


def listener_threads(settings: Settings) -> ThreadPoolExecutor:
    """The threads Bolt runs listeners in once they have acknowledged. Vote listeners wait for
    their ballot to be recorded to send its receipt, so Bolt needs more than its default five;
    each runs in its request's context, so its log lines carry the request id. It starts no
    thread until the first request; whoever builds it shuts it down."""
    return carry_context(
        ThreadPoolExecutor(
            max_workers=settings.listener_threads, thread_name_prefix="poolgov-listener"
        )
    )


def build_app(
    rt: Runtime, *, token_verification: bool = True, listeners: Executor | None = None
) -> App:
    """The app, its listeners run by ``listeners`` (:func:`listener_threads` if not given)."""
    settings = rt.settings
    secret = settings.slack_signing_secret
    app = App(
        # named, Bolt does not look for a name in the stack (a fifth of a second at start-up)
        name="poolgov",
        client=rt.client,
        signing_secret=secret.get_secret_value() if secret else "",
        token_verification_enabled=token_verification,
        ignoring_self_events_enabled=True,
        listener_executor=listeners if listeners is not None else listener_threads(settings),
        logger=logging.getLogger("poolgov.bolt"),
    )
    payloads.install(app)  # every listener reads its typed payload (bot.slack.payloads)
    replies.register(app)
    # Bolt tries listeners in the order they were registered, and ballot clicks are by far the
    # most frequent request: their listeners go first.
    actions.register(app, rt)
    commands.register(app, rt)
    views.register(app, rt)
    home.register(app, rt)
    complaints.register(app, rt)
    meetings.register(app, rt)
    follow_ups.register(app, rt)
    proxy_listeners.register(app, rt)
    minutes_listeners.register(app, rt)
    minutes_actions.register(app, rt)
    register_upkeep.register(app, rt)
    fallbacks.register(app)
    replies.guard_listeners(app, rt)  # refusals in the language of the person refused
    instrument_app(app)  # request ids and the ack's latency (bot/request_ids.py)
    return app
