"""Modal submissions: the operator's motion draft.

Everything that can be wrong with a draft is checked before the ack, so Slack shows each message on
its field (``response_action: errors``); the motion is opened and posted after the ack.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.i18n import _, t
from bot.motion_posts import show_or_explain
from bot.runtime import Runtime
from bot.slack.arguments import StaleForm, metadata
from bot.slack.commands import roles
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.motion_draft import Draft, DraftInvalid, field_reason, parse_draft
from bot.slack.motion_modal import DRAFT_CALLBACK
from bot.slack.payloads import ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.replies import Refusal
from governance.charter import MotionKind
from governance.charter_check import require_sound
from governance.commands import OpenMotion
from governance.errors import CharterError
from governance.kinds import CharterAmendment, MinutesApproval
from governance.services import open_motion
from governance.services.minutes_review import approval_motion_refused
from governance.services.queries import charter_in_force

ERROR_LENGTH = 400
_CHANNEL = re.compile(r"[CGD][A-Z0-9]{1,31}")


def _charter_errors(error: CharterError) -> str:
    problems = [str(p) for p in error.problems]
    text = _("The new charter is not sound: {problems}").format(problems=_("; ").join(problems[:5]))
    if len(problems) > 5:
        text = _("{problems}; and {count} more").format(problems=text, count=len(problems) - 5)
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
    if isinstance(draft.payload, MinutesApproval):
        refused = approval_motion_refused(rt.reader(), draft.payload.occurrence_key)
        if refused is not None:
            raise DraftInvalid({"occurrence_key": field_reason(refused)})
    return draft


def draft_metadata(text: str) -> dict[str, Any]:
    """What ``motion_form`` wrote into the draft's ``private_metadata``: its kind and channel."""
    meta = metadata(text, ("kind", "channel"))
    kind, channel = meta["kind"], meta["channel"]
    if kind not in {k.value for k in MotionKind}:
        raise StaleForm()
    if channel is not None and not _CHANNEL.fullmatch(channel):
        raise StaleForm()
    return meta


def register(app: App, rt: Runtime) -> None:
    @app.view(DRAFT_CALLBACK)
    def open_the_vote(ack: Ack, context: BoltContext) -> None:
        with for_reader(rt, actor_of(context).user_id):  # field errors, the operator's replies
            draft_and_open(ack, context)

    def draft_and_open(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context)
        try:
            meta = draft_metadata(view.private_metadata)
        except StaleForm as stale:
            ack(response_action="errors", errors={"title": stale.message})
            return
        if not roles(rt, actor.user_id).operator:
            ack(response_action="errors", errors={"title": _("Only the operator may put motions.")})
            return
        try:
            draft = check_draft(rt, MotionKind(meta["kind"]), view.state.plain())
        except DraftInvalid as invalid:
            errors = {field: message[:ERROR_LENGTH] for field, message in invalid.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        ack()
        channel = rt.settings.governance_channel or meta.get("channel")
        if not channel:
            raise Refusal(t("No governance channel is set (POOLGOV_CHANNEL); nothing was opened."))
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
