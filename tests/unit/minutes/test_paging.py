"""Long lists page within Slack's limits: every row on exactly one page, no page too big."""

from __future__ import annotations

import json

from bot.slack.mrkdwn import md
from bot.slack.pool_records import paged


def test_a_long_list_pages_without_losing_a_row() -> None:
    rows = [md("• *{}* resolution number {} " + "x" * 120, n, n) for n in range(1, 801)]
    head = [{"type": "header", "text": {"type": "plain_text", "text": "Resolutions"}}]
    first = paged(head, rows, 1, "/pool decisions")
    pager = first[-1]["elements"][0]["text"]
    pages = int(pager.split(" of ")[1].split(".")[0])
    assert pages > 1
    assert "`/pool decisions 2`" in pager
    seen: list[int] = []
    for number in range(1, pages + 1):
        blocks = paged(head, rows, number, "/pool decisions")
        assert len(blocks) <= 50
        assert len(json.dumps(blocks, ensure_ascii=False)) < 13_000
        for block in blocks[1:-1]:
            assert len(block["text"]["text"]) <= 3000
            seen += [int(line.split("*")[1]) for line in block["text"]["text"].split("\n")]
    assert seen == list(range(1, 801))
    last = paged(head, rows, pages + 5, "/pool decisions")  # past the end: the last page
    assert last == paged(head, rows, pages, "/pool decisions")
    assert "Next" not in last[-1]["elements"][0]["text"]


def test_a_short_list_has_no_pager() -> None:
    head = [{"type": "header", "text": {"type": "plain_text", "text": "Resolutions"}}]
    blocks = paged(head, [md("• one"), md("• two")], 1, "/pool decisions")
    assert [b["type"] for b in blocks] == ["header", "section"]
