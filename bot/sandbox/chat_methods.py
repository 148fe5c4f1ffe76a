"""The fake's `chat.*` methods: post, post ephemeral, update and delete messages.

Each handler checks everything before it changes anything, so a refused call leaves no trace but
its line in the transcript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox.api_error import ApiError
from bot.sandbox.blockkit_rules import message_block_problems
from bot.sandbox.fake_state import Content, Ephemeral, FakeState, Message


def read_content(
    state: FakeState, params: Mapping[str, Any], where: str, *, partial: bool = False
) -> Content:
    """Validate a message's `text` and `blocks`; `partial` allows neither (chat.update)."""
    blocks = params.get("blocks")
    if blocks is not None:
        problems = message_block_problems(blocks, state.block_kit)
        if problems:
            raise ApiError("invalid_blocks", problems)
    text = params.get("text")
    text = "" if text is None else str(text)
    content = Content(text=text, blocks=list(blocks or []))
    if not text and not blocks and not params.get("attachments") and not partial:
        raise ApiError("no_text")
    if blocks and not text:
        content.warnings.append(f"{where}: blocks without a `text` notification fallback")
    limit = state.block_kit.text_chars
    if len(text) > limit:
        content.text = text[:limit]
        content.warnings.append(f"{where}: text over {limit} characters truncated")
    for warning in content.warnings:
        state.warn(warning)
    return content


def read_metadata(params: Mapping[str, Any]) -> dict[str, Any] | None:
    """`metadata` as Slack takes it: an object with a string `event_type` and an object
    `event_payload`."""
    metadata = params.get("metadata")
    if metadata is None or metadata == "":
        return None
    if not isinstance(metadata, dict):
        raise ApiError("invalid_metadata_format")
    event_type, payload = metadata.get("event_type"), metadata.get("event_payload")
    if not isinstance(event_type, str) or not event_type or not isinstance(payload, dict):
        raise ApiError("invalid_metadata_schema")
    return {"event_type": event_type, "event_payload": payload}


def post_message(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("chat:write")
    channel = state.resolve_channel(params.get("channel"))
    state.require_member(channel)
    content = read_content(state, params, "chat.postMessage")
    metadata = read_metadata(params)
    thread_ts = params.get("thread_ts") or None
    if thread_ts is not None and state.find_message(channel, thread_ts) is None:
        raise ApiError("thread_not_found")
    message = Message(
        channel=channel,
        ts=state.next_ts(),
        text=content.text,
        blocks=content.blocks,
        user=state.workspace.bot_user_id,
        source="chat.postMessage",
        thread_ts=thread_ts,
        metadata=metadata,
    )
    state.put_message(message)
    return {"channel": channel, "ts": message.ts, "message": message.to_api(state.workspace)}


def post_ephemeral(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("chat:write")
    channel = state.resolve_channel(params.get("channel"))
    state.require_member(channel)
    content = read_content(state, params, "chat.postEphemeral")
    ephemeral = Ephemeral(
        channel=channel,
        user=str(params["user"]),
        ts=state.next_ts(),
        text=content.text,
        blocks=content.blocks,
        source="chat.postEphemeral",
    )
    state.ephemerals.append(ephemeral)
    return {"message_ts": ephemeral.ts}


def update(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("chat:write")
    channel = state.resolve_channel(params.get("channel"))
    message = state.find_message(channel, params.get("ts"))
    if message is None:
        raise ApiError("message_not_found")
    content = read_content(state, params, "chat.update", partial=True)
    # Slack keeps whichever of text and blocks the update leaves out.
    text = content.text if params.get("text") is not None else message.text
    blocks = content.blocks if params.get("blocks") is not None else message.blocks
    if not text and not blocks:
        raise ApiError("no_text")
    edited = state.edit_message(message, text, blocks)
    return {
        "channel": channel,
        "ts": edited.ts,
        "text": edited.text,
        "message": edited.to_api(state.workspace),
    }


def delete(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("chat:write")
    channel = state.resolve_channel(params.get("channel"))
    message = state.find_message(channel, params.get("ts"))
    if message is None:
        raise ApiError("message_not_found")
    state.remove_message(message)
    return {"channel": channel, "ts": message.ts}
