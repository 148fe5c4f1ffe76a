"""The fake's `views.*` methods and the trigger ids that gate modals.

A trigger id lives 3 seconds and opens (or pushes) one view; a modal stack holds the root view
plus two pushed; a Home tab is kept per user; `hash` guards against stale updates.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.sandbox.api_error import ApiError
from bot.sandbox.blockkit_rules import view_problems
from bot.sandbox.fake_state import FakeState, OpenedView, Trigger

TRIGGER_LIFETIME = 3.0
MODAL_STACK_DEPTH = 3


def issue_trigger_id(state: FakeState, user: str | None) -> str:
    """A fresh trigger id, as Slack attaches to a command or interaction from `user`."""
    trigger_id = f"{state.next_number()}.{secrets.randbelow(10**10)}.{secrets.token_hex(16)}"
    state.triggers[trigger_id] = Trigger(trigger_id, user, state.now())
    return trigger_id


def _usable_trigger(state: FakeState, params: Mapping[str, Any]) -> Trigger:
    raw = params.get("trigger_id") or params.get("interactivity_pointer")
    trigger = state.triggers.get(str(raw))
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.used:
        raise ApiError("exchanged_trigger_id")
    if state.now() - trigger.issued_at > TRIGGER_LIFETIME:
        raise ApiError("expired_trigger_id")
    return trigger


def _checked_view(state: FakeState, params: Mapping[str, Any], kinds: set[str]) -> dict[str, Any]:
    view = params.get("view")
    if not isinstance(view, dict):
        raise ApiError("invalid_arguments", ["[ERROR] missing required field: view"])
    if view.get("type") not in kinds:
        raise ApiError("invalid_arguments", [f"[ERROR] view type must be one of {sorted(kinds)}"])
    problems = view_problems(view, state.block_kit)
    if problems:
        raise ApiError("invalid_blocks", problems)
    return view


def _answer(
    state: FakeState, view: Mapping[str, Any], view_id: str, root: str, previous: str | None
) -> dict[str, Any]:
    workspace = state.workspace
    return {
        "id": view_id,
        "team_id": workspace.team_id,
        "type": view["type"],
        "blocks": list(view.get("blocks", [])),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
        "state": {"values": {}},
        "hash": f"{int(state.now())}.{secrets.token_hex(4)}",
        "title": view.get("title"),
        "submit": view.get("submit"),
        "close": view.get("close"),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": root,
        "previous_view_id": previous,
        "app_id": workspace.app_id,
        "app_installed_team_id": workspace.team_id,
        "bot_id": workspace.bot_id,
    }


def views_open(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    trigger = _usable_trigger(state, params)
    view = _checked_view(state, params, {"modal"})
    trigger.used = True
    view_id = state.next_id("V")
    answer = _answer(state, view, view_id, root=view_id, previous=None)
    state.views[view_id] = OpenedView(view_id, trigger.user, "views.open", answer)
    state.modal_stacks[trigger.user] = [view_id]
    return {"view": answer}


def views_push(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    trigger = _usable_trigger(state, params)
    view = _checked_view(state, params, {"modal"})
    stack = state.modal_stacks.get(trigger.user, [])
    if not stack:
        raise ApiError("invalid_trigger_id", ["[ERROR] no modal is open to push onto"])
    if len(stack) >= MODAL_STACK_DEPTH:
        raise ApiError("push_limit_reached")
    trigger.used = True
    view_id = state.next_id("V")
    answer = _answer(state, view, view_id, root=stack[0], previous=stack[-1])
    state.views[view_id] = OpenedView(view_id, trigger.user, "views.push", answer)
    stack.append(view_id)
    return {"view": answer}


def views_update(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    current = _find_view(state, params)
    expected_hash = params.get("hash")
    if expected_hash and expected_hash != current.view["hash"]:
        raise ApiError("hash_conflict")
    view = _checked_view(state, params, {"modal", "home"})
    answer = _answer(
        state,
        view,
        current.id,
        root=current.view["root_view_id"],
        previous=current.view["previous_view_id"],
    )
    state.views[current.id] = replace(current, view=answer, updates=current.updates + 1)
    return {"view": answer}


def _find_view(state: FakeState, params: Mapping[str, Any]) -> OpenedView:
    view_id, external_id = params.get("view_id"), params.get("external_id")
    if not view_id and not external_id:
        raise ApiError("invalid_arguments", ["[ERROR] view_id or external_id is required"])
    for opened in state.views.values():
        if (view_id and opened.id == view_id) or (
            external_id and opened.view.get("external_id") == external_id
        ):
            return opened
    raise ApiError("not_found")


def views_publish(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    user = str(params["user_id"])
    if user not in state.users and user != state.workspace.bot_user_id:
        state.warn(f"views.publish: user {user} is not in the fake's user table")
    current_id = state.homes.get(user)
    current = state.views.get(current_id) if current_id else None
    expected_hash = params.get("hash")
    if expected_hash and current is not None and expected_hash != current.view["hash"]:
        raise ApiError("hash_conflict")
    view = _checked_view(state, params, {"home"})
    view_id = current.id if current is not None else state.next_id("V")
    answer = _answer(state, view, view_id, root=view_id, previous=None)
    updates = current.updates + 1 if current is not None else 0
    state.views[view_id] = OpenedView(view_id, user, "views.publish", answer, updates)
    state.homes[user] = view_id
    return {"view": answer}
