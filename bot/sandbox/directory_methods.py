"""The fake's identity and directory methods: `auth.test`, `users.info`, `conversations.open`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox.api_error import ApiError
from bot.sandbox.fake_state import FakeState, dm_channel_id, is_user_id


def auth_test(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    workspace = state.workspace
    return {
        "url": f"https://{workspace.team_domain}.slack.com/",
        "team": workspace.team_name,
        "user": "poolgov",
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "app_id": workspace.app_id,
        "is_enterprise_install": False,
    }


def users_info(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("users:read")
    user = state.users.get(str(params.get("user", "")))
    if user is None:
        raise ApiError("user_not_found")
    include_locale = str(params.get("include_locale", "")).lower() in {"true", "1"}
    return {"user": user.to_api(state.workspace.team_id, include_locale=include_locale)}


def conversations_open(state: FakeState, params: Mapping[str, Any]) -> dict[str, Any]:
    state.require_scope("im:write", "mpim:write", "channels:manage", "groups:write")
    channel = params.get("channel")
    if channel:
        return {"channel": {"id": state.resolve_channel(channel)}, "already_open": True}
    raw = params.get("users")
    if not raw:
        raise ApiError("users_list_not_supplied")
    users = [u.strip() for u in (raw if isinstance(raw, list) else str(raw).split(","))]
    users = [u for u in users if u]
    if len(users) > 8:
        raise ApiError("too_many_users")
    if not all(is_user_id(user) for user in users):
        raise ApiError("user_not_found")
    return {"channel": {"id": dm_channel_id(users)}, "no_op": False, "already_open": False}
