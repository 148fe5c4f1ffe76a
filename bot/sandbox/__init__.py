"""A sandbox Slack for end-to-end tests and offline demos: a stateful fake Web API and a driver.

`FakeSlack` serves Slack's Web API over local HTTP for slack_sdk's `WebClient(base_url=…)`,
enforcing Slack's rules and keeping a transcript; `SlackDriver` sends an app the signed slash
commands, clicks, view submissions and events Slack would; `AppServer` serves a WSGI (Bolt) app
in a thread for the driver to reach.
"""

from __future__ import annotations

from bot.sandbox.api_error import ApiError
from bot.sandbox.app_server import AppServer
from bot.sandbox.blockkit_rules import BlockKitLimits
from bot.sandbox.clock import Clock, HeldClock, ManualClock
from bot.sandbox.driver import (
    Delivery,
    DriverResponse,
    PreparedRequest,
    SlackDriver,
    SocketModeDriver,
)
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_state import (
    ApiCall,
    Ephemeral,
    FakeUser,
    Message,
    OpenedView,
    Workspace,
    dm_channel_id,
)
from bot.sandbox.rate_limits import Rate, RateLimits

__all__ = [
    "ApiCall",
    "ApiError",
    "AppServer",
    "BlockKitLimits",
    "Clock",
    "Delivery",
    "DriverResponse",
    "Ephemeral",
    "FakeSlack",
    "FakeUser",
    "HeldClock",
    "ManualClock",
    "Message",
    "OpenedView",
    "PreparedRequest",
    "Rate",
    "RateLimits",
    "SlackDriver",
    "SocketModeDriver",
    "Workspace",
    "dm_channel_id",
]
