"""Slack payloads parsed at the edge into typed values (pydantic), before any work is done."""

from __future__ import annotations

from bot.slack.payloads.envelope import MalformedEnvelope, decode, parse_envelope
from bot.slack.payloads.models import (
    Action,
    AppHomeOpened,
    BlockActions,
    EventCallback,
    Payload,
    SlashCommand,
    ViewClosed,
    ViewSubmission,
)

__all__ = [
    "Action",
    "AppHomeOpened",
    "BlockActions",
    "EventCallback",
    "MalformedEnvelope",
    "Payload",
    "SlashCommand",
    "ViewClosed",
    "ViewSubmission",
    "decode",
    "parse_envelope",
]
