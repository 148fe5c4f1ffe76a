"""Hypothesis strategies for hostile input: the text people type and the envelopes Slack (or
someone pretending to be Slack) might send."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

#: Fragments a hostile user types. None of the mentioned ids is a user of the fuzz workspace, so a
#: mention of one in anything poolgov sends came from the text.
HOSTILE = [
    "",
    " ",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0EVIL>",
    "<!channel|x>",
    "<@U0FUZZ1>",
    "<@W0EVIL|the operator>",
    "<#C0EVIL|governance>",
    "<http://x|label>",
    "<https://evil.example/login|poolgov sign-in>",
    "<mailto:boss@evil.example|the chair>",
    "&lt;!channel&gt;",
    "&amp;",
    "<",
    ">",
    "*bold* _it_ ~s~ `code` ```block```",
    "'; DROP TABLE motions; --",
    '" OR 1=1 --',
    "%s%s%n",
    "{0}{kind}",
    "²",
    "١٢٣",
    "Ⅻ",
    "７",
    "\u202e\u200f\u200e",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "😀🏳️‍🌈👩‍👩‍👧",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2027-02-30T10:00",
    "2027-13-01T25:61",
    "999999999d",
    "99999999999999999999",
    "-1",
    "0",
    "1e9",
    "assembly@9999-12-31T23:59",
    "assembly@2027-01-04T10:00",
    "1",
    "2",
]


class Long(str):
    """A long string that shows itself short in a failure report."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{str.__repr__(self[:24])}… ({len(self)} characters)"


LONG = Long("x" * 40_000)

hostile_piece = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Lo", "Cf", "So"]), max_size=6),
)

hostile_text = st.one_of(
    st.lists(hostile_piece, max_size=6).map(" ".join),
    st.lists(hostile_piece, max_size=6).map("".join),
    st.just(LONG),
    st.sampled_from(HOSTILE).map(lambda piece: Long(piece + LONG[: 40_000 - len(piece)])),
)

#: Every slash command with every subcommand word it knows, and a few it does not.
SUBCOMMANDS: dict[str, list[str]] = {
    "/motion": [
        "",
        "general",
        "admission",
        "withdrawal",
        "expulsion",
        "fee_change",
        "distribution_change",
        "charter_amendment",
        "withdraw",
        "withdraw 1",
        "withdraw ²",
        "WITHDRAW",
        "nonsense",
    ],
    "/pool": ["", "help", "members", "motions", "fees", "charter", "receipt", "nonsense"],
    "/complaint": ["", "list", "show", "show 1", "show ²", "nonsense"],
    "/meeting": [
        "",
        "next",
        "agenda",
        "minutes",
        "minutes record",
        "add",
        "add assembly2",
        "move",
        "move assembly@2027-01-04T10:00",
        "cancel",
        "cancel assembly@2027-01-04T10:00",
        "nonsense",
    ],
    "/agenda": ["", "add", "nonsense"],
    "/action": [
        "",
        "list",
        "add",
        "add 14d",
        "add 2027-13-01 operator x",
        "done",
        "done ²",
        "done 99999999999 x",
        "nonsense",
    ],
    "/proxy": [
        "",
        "give",
        "give <@U0BETA1> for 1",
        "give <@U0BETA1> until 2027-02-30",
        "give @nobody for ²",
        "give <@U0BETA1> for 1 maybe",
        "revoke",
        "nonsense",
    ],
}
SUBCOMMANDS["/pool"] += ["actions", "actions 2", "actions ²"]  # follow-up actions

#: Every button poolgov puts in a message or a modal.
BUTTONS = [
    "ballot_yes",
    "ballot_no",
    "ballot_abstain",
    "motion_kind",
    "complaint_show",
    "complaint_acknowledge",
    "complaint_accept",
    "complaint_answer_open",
    "complaint_reject_open",
    "complaint_motion_open",
    "meeting_attending",
    "meeting_not_attending",
    "meeting_check_in",
    "proxy_yes",
    "proxy_no",
    "proxy_abstain",
    "minutes_add_action",
]

JUNK_VALUES: list[Any] = [
    None,
    [],
    {},
    0,
    -1,
    2**63,
    1e308,
    True,
    "",
    "²",
    "null",
    "{",
    "x" * 5000,
    [None],
    [{}],
    {"type": None},
]

junk_value = st.one_of(st.sampled_from(JUNK_VALUES), st.text(max_size=8), st.integers())


@st.composite
def mutated(draw: st.DrawFn, payload: Any) -> Any:
    """``payload`` with one to three places deleted or replaced by junk, or replaced whole."""
    if draw(st.integers(0, 9)) == 0:
        return draw(junk_value)
    value = json.loads(json.dumps(payload))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(value))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[last]
        else:
            parent[last] = draw(junk_value)
    return value


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, child in items:
        found.append((*prefix, key))
        found += _paths(child, (*prefix, key))
    return found
