"""The payloads poolgov listens to, as typed values: what each listener may rely on.

One model per kind of request: a slash command's form, ``block_actions``, ``view_submission``,
``view_closed``, an Events API ``event_callback`` (``app_home_opened`` needs its user), and
Slack's own handshakes (``url_verification``, ``ssl_check``, ``app_rate_limited``). A request that
fits none of them is a malformed envelope (:mod:`bot.slack.payloads.envelope`).

The models check structure and ids only. What a person typed (a command's text, a button's value,
a field of a modal) is read by the listener, which answers a bad value in words.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bot.slack.payloads.ids import (
    ChannelId,
    EnterpriseId,
    Opaque,
    TeamId,
    Timestamp,
    TriggerId,
    UserId,
)
from bot.slack.payloads.shapes import BoltReadable


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


ActionId = Annotated[str, StringConstraints(min_length=1, max_length=255)]
#: A button's or option's value, and a view's ``private_metadata``: poolgov wrote them, but each
#: listener reads them as strictly as what people type (Slack's own caps, 2,000 and 150 and
#: 3,000 characters, are not the edge's to enforce: a longer value is refused in words).
ButtonValue = str
Metadata = str


class User(_Model):
    id: UserId
    team_id: TeamId | None = None


class Team(_Model):
    id: TeamId | None = None
    enterprise_id: EnterpriseId | None = None


class Option(_Model):
    value: ButtonValue


class Action(_Model):
    action_id: ActionId
    block_id: ActionId | None = None
    type: str
    action_ts: Timestamp
    value: ButtonValue | None = None
    selected_option: Option | None = None


class Container(_Model):
    type: str
    message_ts: Timestamp | None = None
    channel_id: ChannelId | None = None
    view_id: Opaque | None = None
    is_ephemeral: bool | None = None


class Channel(_Model):
    id: ChannelId


class StateEntry(_Model):
    """One element's value in ``view.state.values`` (the kinds poolgov's modals use)."""

    type: str
    value: str | None = None
    selected_option: Option | None = None
    selected_options: list[Option] | None = None
    selected_date: str | None = None
    selected_user: UserId | None = None
    selected_users: list[UserId] | None = None


class ViewState(_Model):
    values: dict[str, dict[str, StateEntry]]

    def plain(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The values as Slack sent them, now known to have these shapes, for the form readers."""
        return {
            block: {action: entry.model_dump(exclude_none=True) for action, entry in row.items()}
            for block, row in self.values.items()
        }


#: A ``response_url`` as Slack sends it: an http(s) address, printable ASCII, no spaces.
ResponseUrl = Annotated[str, StringConstraints(pattern=r"^https?://[\x21-\x7e]{1,2048}$")]


class View(_Model):
    id: Opaque
    #: poolgov opens modals and publishes its App Home; Slack sends no other view to it.
    type: Literal["modal", "home"]
    callback_id: ActionId | None = None
    private_metadata: Metadata = ""
    hash: Opaque | None = None
    state: ViewState | None = None
    blocks: list[dict[str, Any]] = Field(default_factory=list)


class ClosedView(View):
    type: Literal["modal"]
    callback_id: ActionId


class SubmittedView(ClosedView):
    state: ViewState


#: The commands app-manifest.yaml declares (``bot.app.COMMANDS``); Slack sends no others.
KnownCommand = Literal["/motion", "/pool", "/complaint", "/meeting", "/agenda", "/action", "/proxy"]


class SlashCommand(_Model):
    """A slash command's form (every value a string, as Slack posts it)."""

    command: KnownCommand
    text: str = ""
    user_id: UserId
    team_id: TeamId | None = None
    enterprise_id: EnterpriseId | None = None
    channel_id: ChannelId | None = None
    trigger_id: TriggerId
    #: Every slash command carries one; replies to the command go there.
    response_url: ResponseUrl


class BlockActions(_Model):
    type: Literal["block_actions"]
    user: User
    team: Team | None = None
    actions: list[Action] = Field(min_length=1)
    trigger_id: TriggerId
    container: Container | None = None
    channel: Channel | None = None
    view: View | None = None
    #: Absent on a click in a modal or the App Home, always there on a message's button.
    response_url: ResponseUrl | None = None

    @model_validator(mode="after")
    def _answerable(self) -> BlockActions:
        if self.view is None and self.response_url is None:
            raise ValueError("a click on a message carries a response_url")
        return self


class ViewSubmission(_Model):
    type: Literal["view_submission"]
    user: User
    team: Team | None = None
    view: SubmittedView
    trigger_id: TriggerId | None = None


class ViewClosed(_Model):
    type: Literal["view_closed"]
    user: User
    team: Team | None = None
    view: ClosedView


class AppHomeOpened(_Model):
    type: Literal["app_home_opened"]
    user: UserId
    tab: str = "home"
    channel: ChannelId | None = None


def _not_handled(kind: str) -> str:
    if kind in HANDLED_EVENTS:
        raise ValueError(f"a {kind} event must have the fields poolgov reads")
    return kind


class OtherEvent(_Model):
    """An event poolgov does not act on; it is acknowledged and nothing else."""

    type: Annotated[str, AfterValidator(_not_handled)]


HANDLED_EVENTS = frozenset({"app_home_opened"})


class EventCallback(_Model):
    type: Literal["event_callback"]
    team_id: TeamId | None = None
    event_id: str | None = None
    event: AppHomeOpened | OtherEvent

    @property
    def home_opened(self) -> AppHomeOpened | None:
        return self.event if isinstance(self.event, AppHomeOpened) else None


class UrlVerification(_Model):
    type: Literal["url_verification"]
    challenge: Annotated[str, StringConstraints(max_length=200)]


class AppRateLimited(_Model):
    type: Literal["app_rate_limited"]


class SslCheck(_Model):
    ssl_check: str


Payload = (
    SlashCommand
    | BlockActions
    | ViewSubmission
    | ViewClosed
    | EventCallback
    | UrlVerification
    | AppRateLimited
    | SslCheck
)

__all__ = ["BoltReadable"]
