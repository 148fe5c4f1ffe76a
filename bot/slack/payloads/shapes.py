"""What Bolt itself reads from any request, typed so that reading it cannot fail.

Bolt builds its context (team, user, channel, enterprise, response URL) from a request before any
listener or middleware runs, and it assumes the shapes Slack sends: ``authorizations`` a list of
objects, ``team`` a string or an object, ``event`` an object, and so on. A request that breaks
those assumptions would raise inside Bolt. Every envelope the edge accepts is first checked
against :class:`BoltReadable`, which types exactly those keys, at every depth Bolt looks.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

Text = str | None


class Loose(BaseModel):
    """Extra keys are kept and never read by poolgov; the typed ones must have their types."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True)


class IdObject(Loose):
    id: Text = None
    team_id: Text = None
    enterprise_id: Text = None


class ResponseUrl(Loose):
    response_url: Text = None


class FunctionData(Loose):
    execution_id: Text = None
    inputs: dict[str, Any] | None = None


class ViewIds(Loose):
    app_installed_team_id: Text = None
    team_id: Text = None


class BoltReadable(Loose):
    """The keys Bolt's context reads (``slack_bolt.request.internals``), at any depth."""

    type: Text = None
    team: str | IdObject | None = None
    enterprise: str | IdObject | None = None
    user: str | IdObject | None = None
    channel: str | IdObject | None = None
    authorizations: list[BoltReadable] | None = None
    event: BoltReadable | None = None
    message: BoltReadable | None = None
    previous_message: BoltReadable | None = None
    item: BoltReadable | None = None
    assistant_thread: BoltReadable | None = None
    function_data: FunctionData | None = None
    view: ViewIds | None = None
    team_id: Text = None
    enterprise_id: Text = None
    user_id: Text = None
    channel_id: Text = None
    user_team: Text = None
    source_team: Text = None
    context_team_id: Text = None
    context_enterprise_id: Text = None
    thread_ts: Text = None
    function_execution_id: Text = None
    bot_access_token: Text = None
    bot_id: Text = None
    subtype: Text = None
    channel_type: Text = None
    tab: Text = None
    inputs: dict[str, Any] | None = None
    is_ext_shared_channel: bool | None = None
    is_enterprise_install: bool | str | None = None
    response_url: Text = None
    response_urls: list[ResponseUrl] | None = None
