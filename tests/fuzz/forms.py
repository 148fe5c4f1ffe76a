"""Modals poolgov opens, filled in with whatever a strategy draws."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
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


#: A value each field would accept, so that a submission with one hostile field gets through.
PLAUSIBLE = {
    "voting_period": "7d",
    "patents": "12",
    "contribution": "",
    "current_royalty": "",
    "proposed_royalty": "0.5%",
    "effective_date": "2027-06-01",
}


@st.composite
def filled(draw: st.DrawFn, view: OpenedView) -> dict[str, dict[str, Any]]:
    """State values for every input of ``view``: each field either a value it would accept or
    hostile text, odd dates and unknown options (most submissions carry one or two hostile
    fields, so they get past the others and reach what renders them)."""
    values: dict[str, dict[str, Any]] = {}
    for block_id, element in inputs(view):
        kind = str(element.get("type"))
        action_id = str(element.get("action_id") or block_id)
        hostile = draw(st.integers(0, 3), label=f"{block_id} hostile") == 0
        strategy = _value(kind, element) if hostile else _plausible(block_id, kind, element)
        values[block_id] = {action_id: draw(strategy, label=block_id)}
    return values


def _plausible(
    block_id: str, kind: str, element: Mapping[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    if kind == "plain_text_input":
        words = PLAUSIBLE.get(block_id.split(".")[0], f"A plain {block_id}")
        return st.one_of(st.just(words), hostile_text).map(lambda v: {"type": kind, "value": v})
    if kind == "datepicker":
        return st.just({"type": kind, "selected_date": "2027-06-01"})
    if kind in {"static_select", "radio_buttons"}:
        options = [o for o in element.get("options") or [] if isinstance(o, Mapping)]
        if options:
            values = [str(o.get("value")) for o in options]
            return st.sampled_from(values).map(
                lambda v: {"type": kind, "selected_option": {"value": v}}
            )
    if kind == "multi_users_select":
        return st.just({"type": kind, "selected_users": ["U0NEWCO1"]})
    if kind == "checkboxes":
        return st.just({"type": kind, "selected_options": []})
    return _value(kind, element)


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


_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
#: Slack's own cap on a plain-text input when the element sets none.
INPUT_LIMIT = 3000


def slack_could_send(view: OpenedView, values: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether Slack itself could submit ``values`` for ``view``: text within each input's
    ``max_length``, real dates, options the modal offers, well-formed user ids. A submission
    Slack could not send is a malformed envelope, and may be refused with a 400."""
    for block_id, element in inputs(view):
        for entry in (values.get(block_id) or {}).values():
            if not _could_send(element, entry):
                return False
    return True


def _could_send(element: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
    kind = element.get("type")
    offered = {str(o.get("value")) for o in element.get("options") or [] if isinstance(o, Mapping)}
    if kind == "plain_text_input":
        value = entry.get("value")
        return value is None or len(value) <= int(element.get("max_length") or INPUT_LIMIT)
    if kind == "datepicker":
        try:
            date.fromisoformat(str(entry.get("selected_date")))
        except ValueError:
            return False
        return len(str(entry.get("selected_date"))) == len("2027-06-01")
    if kind in {"static_select", "radio_buttons"}:
        return str((entry.get("selected_option") or {}).get("value")) in offered
    if kind == "checkboxes":
        return all(str(o.get("value")) in offered for o in entry.get("selected_options") or [])
    if kind == "multi_users_select":
        return all(_USER_ID.fullmatch(str(u)) for u in entry.get("selected_users") or [])
    if kind == "users_select":
        return bool(_USER_ID.fullmatch(str(entry.get("selected_user"))))
    return True
