"""A request body as Slack posts it, decoded and checked whole before anything acts on it.

:func:`decode` reads the body by its content type: a slash command's form, an interaction's
``payload=`` (JSON inside a form) or an Events API JSON object. :func:`parse_envelope` then
requires it to be one of :data:`~bot.slack.payloads.models.Payload`, with everything Bolt reads
typed (:class:`~bot.slack.payloads.shapes.BoltReadable`). Anything else is
:class:`MalformedEnvelope`, whose message names where it is wrong, never what it holds.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError

from bot.slack.payloads.models import (
    AppRateLimited,
    BlockActions,
    EventCallback,
    Payload,
    SlashCommand,
    SslCheck,
    UrlVerification,
    ViewClosed,
    ViewSubmission,
)
from bot.slack.payloads.shapes import BoltReadable

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
BY_TYPE: dict[str, type[BaseModel]] = {
    "block_actions": BlockActions,
    "view_submission": ViewSubmission,
    "view_closed": ViewClosed,
    "event_callback": EventCallback,
    "url_verification": UrlVerification,
    "app_rate_limited": AppRateLimited,
}


class MalformedEnvelope(Exception):
    """The request is not a payload Slack sends to poolgov; ``where`` says what is wrong."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where

    def __str__(self) -> str:
        return f"malformed Slack payload: {self.where}"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON Slack sends")


def _json(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise MalformedEnvelope("not JSON") from None


def decode(raw: str, content_type: str | None) -> object:
    """The body's data: the form (slash commands), its ``payload`` JSON, or the JSON body."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == JSON:
        return _json(raw)
    if kind != FORM:
        raise MalformedEnvelope(f"content type {kind or 'missing'}")
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=bool(raw), errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise MalformedEnvelope("not a form") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise MalformedEnvelope("a form field given twice")
    if "payload" in form:
        if len(form) != 1:
            raise MalformedEnvelope("a payload form with other fields")
        return _json(form["payload"])
    return form


def _where(error: ValidationError) -> str:
    places = [".".join(str(part) for part in e["loc"]) or "(top)" for e in error.errors()[:3]]
    more = error.error_count() - len(places)
    return ", ".join(places) + (f" and {more} more" if more > 0 else "")


def _model_for(data: dict[str, Any]) -> type[BaseModel]:
    if "command" in data:
        return SlashCommand
    if "ssl_check" in data:
        return SslCheck
    kind = data.get("type")
    model = BY_TYPE.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise MalformedEnvelope("type is not one poolgov handles")
    return model


def parse_envelope(data: object) -> Payload:
    """``data`` as the typed payload it is, or :class:`MalformedEnvelope`."""
    if not isinstance(data, dict):
        raise MalformedEnvelope(f"a {type(data).__name__}, not an object")
    try:
        BoltReadable.model_validate(data)
        parsed = _model_for(data).model_validate(data)
    except ValidationError as error:
        raise MalformedEnvelope(_where(error)) from None
    except RecursionError:
        raise MalformedEnvelope("nested too deeply") from None
    return parsed  # type: ignore[return-value]
