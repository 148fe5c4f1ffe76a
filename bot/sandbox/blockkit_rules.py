"""Block Kit checks the fake applies the way Slack does, through slack_sdk's own models.

Each check returns Slack-style detail lines (`[ERROR] … [json-pointer:/blocks/0]`); an empty list
means the payload would be accepted. Limits are Slack's (see design/SLACK.md) and configurable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


@dataclass(frozen=True)
class BlockKitLimits:
    """Slack's size limits on messages and views."""

    message_blocks: int = 50
    surface_blocks: int = 100  # a modal or a Home tab
    message_blocks_chars: int = 13_000  # whole-payload `msg_blocks_too_long` (≈)
    text_chars: int = 40_000  # longer message text is truncated, not refused
    private_metadata_chars: int = 3000
    modal_label_chars: int = 24  # title, submit, close


def block_problems(blocks: object, pointer: str = "/blocks") -> list[str]:
    """Problems slack_sdk's models find in a list of blocks."""
    if not isinstance(blocks, list):
        return [f"[ERROR] must be an array [json-pointer:{pointer}]"]
    problems: list[str] = []
    for index, raw in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(raw, dict):
            problems.append(f"[ERROR] must be an object [json-pointer:{where}]")
            continue
        try:
            parsed = Block.parse(raw)
            if parsed is None:
                problems.append(
                    f"[ERROR] unsupported type: {raw.get('type')!r} [json-pointer:{where}]"
                )
                continue
            parsed.validate_json()
        except Exception as exc:  # slack_sdk raises several kinds on malformed input
            problems.append(f"[ERROR] {exc} [json-pointer:{where}]")
    return problems


def message_block_problems(blocks: object, limits: BlockKitLimits) -> list[str]:
    """Problems with a message's blocks (chat.postMessage, chat.update, response_url)."""
    problems = block_problems(blocks)
    if isinstance(blocks, list):
        if len(blocks) > limits.message_blocks:
            problems.append(
                f"[ERROR] no more than {limits.message_blocks} items allowed [json-pointer:/blocks]"
            )
        if len(json.dumps(blocks)) > limits.message_blocks_chars:
            problems.append(
                f"[ERROR] msg_blocks_too_long: over {limits.message_blocks_chars} characters"
            )
    return problems


def view_problems(view: object, limits: BlockKitLimits) -> list[str]:
    """Problems with a modal or Home tab view (views.open, .push, .update, .publish)."""
    if not isinstance(view, dict):
        return ["[ERROR] must be an object [json-pointer:/view]"]
    problems: list[str] = []
    try:
        View(**view).validate_json()
    except Exception as exc:  # slack_sdk raises several kinds on malformed input
        problems.append(f"[ERROR] {exc} [json-pointer:/view]")
    blocks = view.get("blocks")
    problems.extend(block_problems(blocks, "/view/blocks"))
    if isinstance(blocks, list) and len(blocks) > limits.surface_blocks:
        problems.append(
            f"[ERROR] no more than {limits.surface_blocks} items allowed "
            "[json-pointer:/view/blocks]"
        )
    metadata = view.get("private_metadata")
    if isinstance(metadata, str) and len(metadata) > limits.private_metadata_chars:
        problems.append(
            f"[ERROR] must be no more than {limits.private_metadata_chars} characters "
            "[json-pointer:/view/private_metadata]"
        )
    if view.get("type") == "modal":
        problems.extend(_modal_problems(view, limits))
    return problems


def _modal_problems(view: dict[str, Any], limits: BlockKitLimits) -> list[str]:
    problems: list[str] = []
    if not view.get("title"):
        problems.append("[ERROR] missing required field: title [json-pointer:/view]")
    for label in ("title", "submit", "close"):
        text = _plain_text(view.get(label))
        if text is not None and len(text) > limits.modal_label_chars:
            problems.append(
                f"[ERROR] must be no more than {limits.modal_label_chars} characters "
                f"[json-pointer:/view/{label}/text]"
            )
    blocks = view.get("blocks")
    has_inputs = isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
    if has_inputs and not view.get("submit"):
        problems.append("[ERROR] submit is required when a modal has input blocks")
    return problems


def _plain_text(value: object) -> str | None:
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else None
    return value if isinstance(value, str) else None
