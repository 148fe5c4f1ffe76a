"""Modal submissions: the operator's motion draft.

Everything that can be wrong with a draft is checked before the ack, so Slack shows each message on
its field (``response_action: errors``); the motion is opened and posted after the ack.
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.motion_posts import show_or_explain
from bot.runtime import Runtime
from bot.slack.commands import roles
from bot.slack.identity import actor_of
from bot.slack.motion_draft import Draft, DraftInvalid, parse_draft
from bot.slack.motion_modal import DRAFT_CALLBACK
from bot.slack.replies import Refusal
from governance.charter import MotionKind
from governance.charter_check import require_sound
from governance.commands import OpenMotion
from governance.errors import CharterError
from governance.kinds import CharterAmendment
from governance.services import open_motion
from governance.services.queries import charter_in_force

ERROR_LENGTH = 400


def _charter_errors(error: CharterError) -> str:
    problems = [str(p) for p in error.problems]
    text = "The new charter is not sound: " + "; ".join(problems[:5])
    if len(problems) > 5:
        text += f"; and {len(problems) - 5} more"
    return text[:ERROR_LENGTH]


def check_draft(rt: Runtime, kind: MotionKind, values: dict[str, Any]) -> Draft:
    """The draft as the members will vote on it, or :class:`DraftInvalid` naming the fields."""
    charter = charter_in_force(rt.reader(), rt.parse).charter
    draft = parse_draft(kind, values, [m.id for m in charter.members])
    if isinstance(draft.payload, CharterAmendment):
        try:
            require_sound(rt.parse(draft.payload.charter_text).with_members(charter.members))
        except CharterError as error:
            raise DraftInvalid({"charter_text.0": _charter_errors(error)}) from error
    return draft


def register(app: App, rt: Runtime) -> None:
    @app.view(DRAFT_CALLBACK)
    def open_the_vote(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        actor = actor_of(context)
        meta = json.loads(view.get("private_metadata") or "{}")
        if not roles(rt, actor.user_id).operator:
            ack(response_action="errors", errors={"title": "Only the operator may put motions."})
            return
        try:
            draft = check_draft(rt, MotionKind(meta["kind"]), view["state"]["values"])
        except DraftInvalid as invalid:
            errors = {field: message[:ERROR_LENGTH] for field, message in invalid.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        ack()
        channel = rt.settings.governance_channel or meta.get("channel")
        if not channel:
            raise Refusal("No governance channel is set (POOLGOV_CHANNEL); nothing was opened.")
        command = OpenMotion(
            actor=actor.user_id,
            title=draft.title,
            text=draft.text,
            payload=draft.payload,
            voting_period=draft.voting_period,
            channel=channel,
        )
        for event in open_motion(command, rt.new_uow(), rt.clock(), rt.parse):
            # recorded now: whatever Slack says next, the operator hears the truth about it
            show_or_explain(rt, event.motion_id, channel, actor.user_id, meta.get("channel"))
            for hook in rt.on_motion_opened:
                hook(event.motion_id, event.closes_at)
