"""Follow-up actions added from the minutes: the *Add a follow-up action* button on the draft's post
opens the operator's form for that meeting; its submission records the action linked to the
meeting (:func:`governance.services.minutes_actions.add_to_minutes`), answered to the operator as
``/action add`` answers.

Anyone may see the button; only the operator gets the form (anyone else is told why), and only
while the minutes are a draft or out for review: approved minutes take no more actions. A field
that does not fit is answered on its field, and nothing is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, BoltContext

from bot.i18n import _, t
from bot.meeting_posts import CALENDAR
from bot.runtime import Runtime
from bot.slack import follow_ups
from bot.slack import minutes as minutes_ui
from bot.slack.commands import roles
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.meeting_words import meeting_key
from bot.slack.minutes_blocks import ADD_ACTION
from bot.slack.mrkdwn import context, date_token, plain_text, section
from bot.slack.payloads import BlockActions, ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.payloads.models import StateEntry
from bot.slack.refusals import refusal_text
from bot.slack.replies import Refusal
from governance.actions import MAX_DESCRIPTION, OPERATOR, SUPERVISORS, ActionError, anchor_instant
from governance.errors import NotAuthorised
from governance.meetings.occurrences import Occurrence
from governance.minutes import lifecycle as lc
from governance.services import queries
from governance.services.meeting_agenda import agenda_of
from governance.services.minutes_actions import ADD_FROM_MINUTES, add_to_minutes, motions_of_minutes
from governance.services.minutes_review import MinutesUnknown, review_of

CALLBACK = "minutes_action"
DESCRIPTION = "action_description"
OWNER = "action_owner"
PERSON = "action_person"
DUE = "action_due"
MOTION = "action_motion"
PERSON_OWNER = "person"
#: the due date the form starts from, counted from today
DEFAULT_DUE = timedelta(days=30)
LONGEST_DUE = follow_ups.LONGEST_DUE


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain_text(text, 75), "value": value}


def action_modal(
    occurrence: Occurrence, motions: list[tuple[str, str]], due: date, channel: str
) -> dict[str, Any]:
    """The form, for the minutes of ``occurrence``; ``motions`` (id, title) are those the minutes
    list, one of which the action may be for."""
    owners = [
        _option(_("the operator"), OPERATOR),
        _option(_("the supervisors"), SUPERVISORS),
        _option(_("the person chosen below"), PERSON_OWNER),
    ]
    blocks: list[dict[str, Any]] = [
        section(
            t(
                "A follow-up action from the minutes of *{title}* ({key}), {starts}.",
                title=occurrence.title,
                key=occurrence.key,
                starts=date_token(occurrence.starts),
            )
        ),
        {
            "type": "input",
            "block_id": DESCRIPTION,
            "label": plain_text(_("What is to be done")),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": MAX_DESCRIPTION,
            },
        },
        {
            "type": "input",
            "block_id": OWNER,
            "label": plain_text(_("Owner")),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": owners,
                "initial_option": owners[0],
            },
        },
        {
            "type": "input",
            "block_id": PERSON,
            "optional": True,
            "label": plain_text(_("The person")),
            "hint": plain_text(_("Only when the owner is the person chosen here.")),
            "element": {"type": "users_select", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": DUE,
            "label": plain_text(_("Due on")),
            "element": {
                "type": "datepicker",
                "action_id": "value",
                "initial_date": due.isoformat(),
            },
        },
    ]
    if motions:
        options = [
            _option(_("motion {motion}: {title}").format(motion=m, title=title), m)
            for m, title in motions[:100]
        ]
        blocks.append(
            {
                "type": "input",
                "block_id": MOTION,
                "optional": True,
                "label": plain_text(_("For a motion decided in the meeting")),
                "element": {"type": "static_select", "action_id": "value", "options": options},
            }
        )
    blocks.append(
        context(
            t(
                "The action is recorded with the minutes and on the audit chain; `/pool actions` "
                "and the exported minutes list it."
            )
        )
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": json.dumps({"key": occurrence.key, "channel": channel}),
        "title": plain_text(_("Follow-up action"), 24),
        "submit": plain_text(_("Add"), 24),
        "close": plain_text(_("Cancel"), 24),
        "blocks": blocks,
    }


@dataclass(frozen=True)
class ActionForm:
    description: str
    owner: str
    due: datetime
    motion_id: str | None


def _entry(values: dict[str, dict[str, StateEntry]], block: str) -> StateEntry | None:
    return values.get(block, {}).get("value")


def read_form(
    values: dict[str, dict[str, StateEntry]], now: datetime, zone: ZoneInfo
) -> ActionForm | dict[str, str]:
    """The form's fields, or an error for each field that does not fit (in the reader's words)."""
    errors: dict[str, str] = {}
    entry = _entry(values, DESCRIPTION)
    text = ((entry.value if entry else None) or "").strip()
    if not text:
        errors[DESCRIPTION] = _("Say what is to be done.")
    elif len(text) > MAX_DESCRIPTION:
        errors[DESCRIPTION] = _("Keep it to {n} characters.").format(n=MAX_DESCRIPTION)
    entry = _entry(values, OWNER)
    chosen = entry.selected_option.value if entry and entry.selected_option else ""
    person = _entry(values, PERSON)
    user = person.selected_user if person else None
    owner = ""
    if chosen in (OPERATOR, SUPERVISORS):
        owner = chosen
    elif chosen == PERSON_OWNER and user:
        owner = user
    elif chosen == PERSON_OWNER:
        errors[PERSON] = _("Choose the person who owns the action.")
    else:
        errors[OWNER] = _("Choose who owns the action.")
    due = _due(_entry(values, DUE), now, zone)
    if isinstance(due, str):
        errors[DUE] = due
    entry = _entry(values, MOTION)
    motion = entry.selected_option.value if entry and entry.selected_option else None
    if motion is not None and not (motion.isascii() and motion.isdigit() and len(motion) <= 9):
        errors[MOTION] = _("Choose one of the motions listed.")
    if errors or isinstance(due, str):
        return errors
    return ActionForm(text, owner, due, motion)


def _due(entry: StateEntry | None, now: datetime, zone: ZoneInfo) -> datetime | str:
    picked = (entry.selected_date if entry else None) or ""
    try:
        day = date.fromisoformat(picked) if len(picked) == 10 and picked.isascii() else None
    except ValueError:
        day = None
    if day is None:
        return _("Choose the day the action is due.")
    due = anchor_instant(day, zone)
    if due <= now:
        return _("{day} has passed: choose a day ahead.").format(day=picked)
    if due - now > LONGEST_DUE:
        return _("Choose a day within ten years.")
    return due


def _metadata(text: str) -> tuple[str, str] | None:
    """The meeting's key and the channel of the post, as the form was opened with them."""
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    key, channel = found.get("key"), found.get("channel")
    if not isinstance(key, str) or not isinstance(channel, str):
        return None
    return key, channel


def _refused(rt: Runtime, actor: str, error: ActionError | lc.MinutesRefused) -> Refusal:
    if isinstance(error, lc.MinutesRefused):
        return minutes_ui.refused(rt, actor, error)
    with for_reader(rt, actor):
        return Refusal(refusal_text(error))


def _check_open(rt: Runtime, actor: str, key: str) -> None:
    """Refuse unless ``key``'s minutes exist and still take actions."""
    review = review_of(rt.reader(), key)
    try:
        if review is None:
            raise MinutesUnknown(key)
        lc.check_takes_actions(review)
    except lc.MinutesRefused as error:
        raise _refused(rt, actor, error) from error


def open_form(
    rt: Runtime,
    actor: str,
    occurrence: Occurrence,
    motion_ids: Sequence[str],
    channel: str,
    trigger_id: str,
) -> None:
    """Open the operator's form for the minutes of ``occurrence`` (from the draft's post, or
    from the minutes' own form when the operator asked to add an action next)."""
    motions = [(m, queries.get_motion(rt.reader(), m).motion.title) for m in motion_ids]
    zone = queries.rules_in_force(rt.reader(), rt.parse).pool.timezone
    due = (rt.clock() + DEFAULT_DUE).astimezone(zone).date()
    with for_reader(rt, actor):
        view = action_modal(occurrence, motions, due, channel)
    rt.client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, rt: Runtime) -> None:
    @app.action(ADD_ACTION)
    def add_clicked(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        clicked = payload_of(context, BlockActions)
        actor = actor_of(context).user_id
        if not roles(rt, actor).operator:
            raise NotAuthorised(ADD_FROM_MINUTES, "operator")
        key = meeting_key(clicked.actions[0].value or "")
        _check_open(rt, actor, key)
        occurrence = agenda_of(rt.reader(), rt.parse, CALENDAR, key)[0].occurrence
        where = clicked.channel.id if clicked.channel else occurrence.channel
        motions = motions_of_minutes(rt.reader(), key)
        open_form(rt, actor, occurrence, motions, where, body.get("trigger_id", ""))

    @app.view(CALLBACK)
    def action_submitted(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context).user_id
        opened = _metadata(view.private_metadata)
        if opened is None:
            ack()
            return  # a form poolgov did not make
        key, channel = meeting_key(opened[0]), opened[1]
        with for_reader(rt, actor):
            if not roles(rt, actor).operator:
                raise Refusal(t("Only the operator."), field=DESCRIPTION)
            zone = queries.rules_in_force(rt.reader(), rt.parse).pool.timezone
            form = read_form(view.state.values, rt.clock(), zone)
            if isinstance(form, dict):
                ack(response_action="errors", errors=form)
                return
        try:
            _check_open(rt, actor, key)
        except Refusal as refusal:
            raise Refusal(refusal.message, field=DESCRIPTION) from refusal
        ack()
        try:
            action = add_to_minutes(
                rt.new_uow(),
                rt.parse,
                rt.clock(),
                actor,
                key,
                form.description,
                form.owner,
                form.due,
                form.motion_id,
            )
        except (ActionError, lc.MinutesRefused) as error:
            raise _refused(rt, actor, error) from error
        with for_reader(rt, actor):
            said = t(
                "Follow-up action *A{id}* added, due {due}.",
                id=action.id,
                due=date_token(action.due_at),
            ) + t(" It comes from {source}.", source=follow_ups.decision(rt, action))
        rt.client.chat_postEphemeral(channel=channel, user=actor, text=said)


__all__ = ["CALLBACK", "action_modal", "open_form", "read_form", "register"]
