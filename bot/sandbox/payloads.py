"""Request payloads shaped as Slack sends them to an app: slash commands, interactions, events.

Pure functions of plain values; `SlackDriver` fills in ids from the fake and signs the result.
The `*_input` helpers build one entry of a view's `state.values` ({block_id: {action_id: entry}}).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.sandbox.fake_state import Workspace

StateValues = dict[str, dict[str, dict[str, Any]]]


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def plain_text_input(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def number_input(value: str | None) -> dict[str, Any]:
    return {"type": "number_input", "value": value}


def static_select(value: str | None, text: str | None = None) -> dict[str, Any]:
    option = None if value is None else {"text": _plain(text or value), "value": value}
    return {"type": "static_select", "selected_option": option}


def radio_buttons(value: str | None, text: str | None = None) -> dict[str, Any]:
    return {**static_select(value, text), "type": "radio_buttons"}


def checkboxes(values: Iterable[str]) -> dict[str, Any]:
    options = [{"text": _plain(v), "value": v} for v in values]
    return {"type": "checkboxes", "selected_options": options}


def datepicker(date: str | None) -> dict[str, Any]:
    """`date` as Slack sends it: `YYYY-MM-DD`."""
    return {"type": "datepicker", "selected_date": date}


def users_select(user: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": user}


def multi_users_select(users: Iterable[str]) -> dict[str, Any]:
    return {"type": "multi_users_select", "selected_users": list(users)}


def state_values(values: Mapping[str, Mapping[str, object]]) -> StateValues:
    """Slack's `view.state.values`; a bare string (or None) stands for a plain_text_input."""
    shaped: StateValues = {}
    for block_id, actions in values.items():
        shaped[block_id] = {}
        for action_id, entry in actions.items():
            if isinstance(entry, Mapping):
                shaped[block_id][action_id] = dict(entry)
            else:
                shaped[block_id][action_id] = plain_text_input(
                    None if entry is None else str(entry)
                )
    return shaped


def user_object(user: str, user_name: str, team_id: str) -> dict[str, Any]:
    return {"id": user, "username": user_name, "name": user_name, "team_id": team_id}


def team_object(workspace: Workspace, team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": workspace.team_domain}


def find_block_id(blocks: Iterable[Mapping[str, Any]], action_id: str) -> str | None:
    """The block holding the element with `action_id`, if any."""
    for block in blocks:
        elements = list(block.get("elements") or [])
        for key in ("accessory", "element"):
            if isinstance(block.get(key), Mapping):
                elements.append(block[key])
        if any(isinstance(e, Mapping) and e.get("action_id") == action_id for e in elements):
            block_id = block.get("block_id")
            return str(block_id) if block_id else None
    return None


def action_object(
    action_type: str, action_id: str, block_id: str, value: str | None, action_ts: str
) -> dict[str, Any]:
    """One entry of a block_actions payload's `actions`."""
    action: dict[str, Any] = {
        "type": action_type,
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": action_ts,
    }
    if action_type == "button":
        action["value"] = value
        action["text"] = _plain(action_id)
    elif action_type in {"static_select", "external_select", "overflow", "radio_buttons"}:
        action["selected_option"] = static_select(value)["selected_option"]
    elif action_type == "datepicker":
        action["selected_date"] = value
    elif action_type == "users_select":
        action["selected_user"] = value
    else:
        action["value"] = value
    return action


def event_envelope(
    workspace: Workspace, event: Mapping[str, Any], event_id: str, event_time: int, team_id: str
) -> dict[str, Any]:
    """The `event_callback` wrapper the Events API posts."""
    return {
        "token": "fake-verification-token",
        "team_id": team_id,
        "api_app_id": workspace.app_id,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": workspace.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{event_id}",
    }
