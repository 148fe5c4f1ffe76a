"""A roll call too long for its result message, in replies to it that each fit Slack's limits.

A result message holds at most 50 blocks and about 13,000 characters, which is a few hundred
names. A larger pool's roll call goes into the result's thread instead, in as many parts as it
takes: each part a message of sections split between lines (a section holds 3000 characters),
every member on exactly one line of exactly one part, in the result's order (yes, no, abstain,
then by name). A name too long for one section is split across sections, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.i18n import t
from bot.slack.motion_blocks import Message
from bot.slack.mrkdwn import SECTION_LIMIT, Block, Mrkdwn, context, lines, section, split

#: Slack's limit on a message's blocks.
MESSAGE_BLOCKS = 50
#: Slack refuses a message whose blocks run past about 13,000 characters (``msg_blocks_too_long``,
#: counted on the JSON): stay well clear of it.
MESSAGE_CHARS = 12_000
#: room kept in each part for its heading ("Roll call of motion …, part 1,234 of 1,234")
_HEADING_ROOM = 400


def json_size(blocks: Sequence[Block]) -> int:
    return len(json.dumps(list(blocks)))


def json_length(text: str) -> int:
    """How long ``text`` is in a payload's JSON (``é`` is ``\\u00e9``): what Slack's
    whole-message limit counts."""
    return len(json.dumps(text)) - 2


def fits(blocks: Sequence[Block]) -> bool:
    """Whether a message with these blocks is within Slack's limits."""
    return len(blocks) <= MESSAGE_BLOCKS and json_size(blocks) <= MESSAGE_CHARS


def sections_of(rows: Sequence[Mrkdwn], limit: int = SECTION_LIMIT) -> list[Block]:
    """Rows packed into as few sections as hold them, split between rows (a row longer than a
    section is split into pieces first). A section holds ``limit`` characters, counted as the
    JSON counts them, so that a part of sections in any script stays within a message."""
    chunks: list[list[Mrkdwn]] = [[]]
    size = 0
    for row in rows:
        cost = json_length(row)
        pieces = [row] if cost <= limit else split(row, limit if row.isascii() else limit // 6)
        for piece in pieces:
            cost = json_length(piece) if len(pieces) > 1 else cost
            if chunks[-1] and size + 2 + cost > limit:  # "\n" is two characters in JSON
                chunks.append([])
                size = 0
            size += cost + (2 if chunks[-1] else 0)
            chunks[-1].append(piece)
    return [section(lines(chunk)) for chunk in chunks if chunk]


def roll_call_parts(motion_id: str, rows: Sequence[Mrkdwn]) -> list[Message]:
    """The whole roll call as replies: each part one message within Slack's limits."""
    parts: list[list[Block]] = [[]]
    size = 2  # the list's brackets
    for block in sections_of(rows):
        block_size = json_size([block]) - 2 + 2  # the block and its ", " separator
        over_blocks = len(parts[-1]) + 1 > MESSAGE_BLOCKS - 1  # one block for the heading
        over_chars = size + block_size > MESSAGE_CHARS - _HEADING_ROOM
        if parts[-1] and (over_blocks or over_chars):
            parts.append([])
            size = 2
        parts[-1].append(block)
        size += block_size
    total = len(parts)
    messages: list[Message] = []
    for number, blocks in enumerate(parts, 1):
        heading = t(
            "*Roll call* of motion {motion}, part {part:,} of {parts:,}",
            motion=motion_id,
            part=number,
            parts=total,
        )
        text = t(
            "Roll call of motion {motion}, part {part:,} of {parts:,}",
            motion=motion_id,
            part=number,
            parts=total,
        )
        messages.append((text, [context(heading), *blocks]))
    return messages
