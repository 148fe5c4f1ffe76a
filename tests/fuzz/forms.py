"""Modals poolgov opens, filled in with whatever a strategy draws."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from bot.sandbox import OpenedView
from tests.fuzz.harness import Fuzz
from tests.fuzz.strategies import hostile_text

OK = frozenset({200})


def open_modal(fuzz: Fuzz, user: str, command: str, text: str, callback_id: str) -> OpenedView:
    """The modal ``command text`` opens for ``user``."""
    before = {v.id for v in fuzz.fake.views_opened()}
    fuzz.send(lambda: fuzz.slack.slash_command(user, command, text), OK, (user, command, text))
    opened = [
        v for v in fuzz.fake.views_opened() if v.id not in before and v.callback_id == callback_id
    ]
    assert opened, f"{command} {text} opened no {callback_id} modal"
    return opened[-1]


def inputs(view: OpenedView) -> list[tuple[str, Mapping[str, Any]]]:
    """Each input block's id and its element."""
    found = []
    for block in view.view.get("blocks") or []:
        element = block.get("element")
        if block.get("type") == "input" and isinstance(element, Mapping):
            found.append((str(block.get("block_id")), element))
    return found


@st.composite
def filled(draw: st.DrawFn, view: OpenedView) -> dict[str, dict[str, Any]]:
    """State values for every input of ``view``: hostile text, odd dates, unknown options."""
    values: dict[str, dict[str, Any]] = {}
    for block_id, element in inputs(view):
        kind = str(element.get("type"))
        action_id = str(element.get("action_id") or block_id)
        values[block_id] = {action_id: draw(_value(kind, element), label=block_id)}
    return values


def _value(kind: str, element: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    text = hostile_text
    if kind == "plain_text_input":
        return st.builds(lambda v: {"type": kind, "value": v}, st.one_of(st.none(), text))
    if kind == "datepicker":
        dates = st.one_of(st.dates().map(str), st.sampled_from(["9999-12-31", "", "2027-02-30"]))
        return st.builds(lambda d: {"type": kind, "selected_date": d}, st.one_of(dates, text))
    if kind in {"static_select", "radio_buttons"}:
        options = [o for o in element.get("options") or [] if isinstance(o, Mapping)]
        values = [str(o.get("value")) for o in options]
        chosen = st.one_of(st.sampled_from(values), text) if values else text
        return st.builds(
            lambda v: {"type": kind, "selected_option": {"value": v}}, st.one_of(chosen)
        )
    if kind == "checkboxes":
        return st.builds(
            lambda vs: {"type": kind, "selected_options": [{"value": v} for v in vs]},
            st.lists(st.one_of(st.just("yes"), text), max_size=2),
        )
    if kind in {"multi_users_select", "multi_conversations_select"}:
        ids = st.sampled_from(["U0ACME1", "U0FUZZ1", "", "<!channel>", "U²", "u0beta1"])
        return st.builds(lambda us: {"type": kind, "selected_users": us}, st.lists(ids, max_size=3))
    if kind == "users_select":
        ids = st.sampled_from(["U0ACME1", "U0FUZZ1", "", "<!channel>"])
        return st.builds(lambda u: {"type": kind, "selected_user": u}, ids)
    return st.builds(lambda v: {"type": kind, "value": v}, text)
