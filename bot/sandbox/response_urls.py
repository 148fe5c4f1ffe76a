"""`response_url`s: the per-interaction webhooks Slack hands out with commands and clicks.

Each works up to 5 times within 30 minutes. A post is ephemeral to the user unless it says
`response_type: in_channel`; `replace_original` / `delete_original` act on the message the
interaction came from.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from bot.sandbox.api_error import ApiError
from bot.sandbox.chat_methods import read_content
from bot.sandbox.fake_state import Ephemeral, FakeState, Message, ResponseUrl

MAX_USES = 5
LIFETIME = 30 * 60.0


def issue(
    state: FakeState, user: str | None, channel: str | None, message_ts: str | None
) -> ResponseUrl:
    """Remember a new response URL bound to (`user`, `channel`, `message_ts`)."""
    url_id = f"{state.workspace.team_id}/{state.next_number()}/{secrets.token_urlsafe(12)}"
    response_url = ResponseUrl(url_id, user, channel, message_ts, state.now())
    state.response_urls[url_id] = response_url
    return response_url


def post(state: FakeState, url_id: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Act on one POST to a response URL; refusals raise ApiError with an HTTP status."""
    target = state.response_urls.get(url_id)
    if target is None:
        raise ApiError("invalid_url", status=404)
    if target.uses >= MAX_USES:
        raise ApiError("used_url", status=404)
    if state.now() - target.issued_at > LIFETIME:
        raise ApiError("expired_url", status=404)
    original = _original(state, target)
    if payload.get("delete_original"):
        if original is None:
            raise ApiError("message_not_found", status=404)
        _delete(state, original)
    else:
        _respond(state, target, original, payload)
    target.uses += 1
    return {"ok": True}


def _respond(
    state: FakeState,
    target: ResponseUrl,
    original: Message | Ephemeral | None,
    payload: Mapping[str, Any],
) -> None:
    try:
        content = read_content(state, payload, "response_url")
    except ApiError as error:
        raise ApiError(error.error, error.messages, status=400) from None
    if target.channel is None:
        raise ApiError("channel_not_found", status=404)
    if payload.get("replace_original") and original is not None:
        if isinstance(original, Message):
            state.edit_message(original, content.text, content.blocks)
        else:
            state.ephemerals = [
                _replaced(e, content.text, content.blocks) if e is original else e
                for e in state.ephemerals
            ]
        return
    if payload.get("replace_original"):
        state.warn("response_url: replace_original with no original message; posted anew")
    if payload.get("response_type") == "in_channel":
        message = Message(
            channel=target.channel,
            ts=state.next_ts(),
            text=content.text,
            blocks=content.blocks,
            user=state.workspace.bot_user_id,
            source="response_url",
            thread_ts=payload.get("thread_ts") or None,
        )
        state.put_message(message)
    else:
        ephemeral = Ephemeral(
            channel=target.channel,
            user=target.user or "",
            ts=state.next_ts(),
            text=content.text,
            blocks=content.blocks,
            source="response_url",
        )
        state.ephemerals.append(ephemeral)


def _replaced(ephemeral: Ephemeral, text: str, blocks: list[dict[str, Any]]) -> Ephemeral:
    return Ephemeral(
        ephemeral.channel, ephemeral.user, ephemeral.ts, text, blocks, source="response_url"
    )


def _original(state: FakeState, target: ResponseUrl) -> Message | Ephemeral | None:
    if target.channel is None or target.message_ts is None:
        return None
    message = state.find_message(target.channel, target.message_ts)
    if message is not None:
        return message
    return next(
        (e for e in state.ephemerals if e.channel == target.channel and e.ts == target.message_ts),
        None,
    )


def _delete(state: FakeState, original: Message | Ephemeral) -> None:
    if isinstance(original, Message):
        state.remove_message(original)
    else:
        state.ephemerals = [e for e in state.ephemerals if e is not original]
