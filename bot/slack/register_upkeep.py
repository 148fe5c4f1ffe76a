"""Slack listeners for register upkeep and declared conflicts of interest.

``/pool member ID`` (the operator) opens the member's entry; its submission is checked and written
before the ack, so a refusal shows on its field, then the change is announced in the governance
channel with old → new. The "Declare a conflict" button under a motion's ballot buttons opens a
small modal for the reason (the operator also picks the member); the declaration is noted under
the motion's post, and the post is refreshed.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.i18n import _, t
from bot.outbox import deliver
from bot.register_posts import announce
from bot.runtime import Runtime
from bot.slack.arguments import StaleForm, record_id
from bot.slack.identity import actor_of
from bot.slack.locales import for_channel, for_reader
from bot.slack.mrkdwn import context as context_block
from bot.slack.mrkdwn import section
from bot.slack.payloads import BlockActions, ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import motion_key
from bot.slack.refusals import reason_text, refusal_sentence
from bot.slack.register_modal import (
    CONFLICT_CALLBACK,
    DECLARE_ACTION,
    MEMBER_CALLBACK,
    FormInvalid,
    conflict_modal,
    member_modal,
    read_conflict_form,
    read_member_form,
)
from bot.slack.replies import Refusal
from governance.commands import DeclareConflict, UpdateMember
from governance.errors import (
    GovernanceError,
    MotionNotOpen,
    NotAuthorised,
    PayloadInvalid,
    UnknownMember,
)
from governance.events import ConflictDeclared
from governance.notices import motion_post_key
from governance.services import queries
from governance.services.conflicts import declare_conflict
from governance.services.pool import update_member

MEMBER_USAGE = "/pool member acme"
#: the modal's block for each field a refusal names
FIELD_BLOCKS = {
    "name": "name",
    "patents": "patents",
    "contribution": "contribution",
    "representatives": "representatives",
    "add_rep": "representatives",
    "remove_rep": "representatives",
}


def open_member_modal(rt: Runtime, client: Any, actor: str, words: str, trigger_id: str) -> None:
    """``/pool member ID``: the operator's form for one register entry."""
    with for_reader(rt, actor):
        in_force = queries.charter_in_force(rt.reader(), rt.parse).charter
        if actor not in in_force.operator.users:
            raise NotAuthorised("update the register", "operator")
        member_id = words.strip().lower()
        if not member_id:
            raise Refusal(t("Say which member: `{usage}`.", usage=MEMBER_USAGE))
        member = in_force.member(member_id)
        if member is None:
            raise UnknownMember(member_id)
        client.views_open(trigger_id=trigger_id, view=member_modal(member))


def _errors(error: GovernanceError) -> dict[str, str]:
    if isinstance(error, PayloadInvalid):
        return {FIELD_BLOCKS.get(error.field, "reason"): reason_text(error)}
    return {"reason": refusal_sentence(error)}


def register(app: App, rt: Runtime) -> None:
    @app.view(MEMBER_CALLBACK)
    def save_the_entry(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context).user_id
        with for_reader(rt, actor):
            try:
                values = view.state.plain() if view.state else {}
                form = read_member_form(view.private_metadata, values)
            except StaleForm as stale:
                ack(response_action="errors", errors={"reason": str(stale)})
                return
            except FormInvalid as invalid:
                ack(response_action="errors", errors=invalid.errors)
                return
            command = UpdateMember(
                actor,
                form.member_id,
                name=form.name,
                patents=form.patents,
                contribution=form.contribution,
                representatives=form.representatives,
                reason=form.reason,
            )
            try:
                events = update_member(command, rt.new_uow(), rt.clock(), rt.parse)
            except GovernanceError as error:
                ack(response_action="errors", errors=_errors(error))
                return
        ack()
        channel = rt.settings.governance_channel
        if channel:
            with for_channel(rt):
                key = announce(rt.new_uow(), channel, events, rt.clock())
            if key:
                deliver(rt, key)

    @app.action(DECLARE_ACTION)
    def open_the_declaration(ack: Ack, context: BoltContext, client: Any) -> None:
        ack()
        click = payload_of(context, BlockActions)
        actor = actor_of(context).user_id
        motion_id = record_id(click.actions[0].value or "", "a motion number", "")
        with for_reader(rt, actor):
            motion = queries.get_motion(rt.reader(), motion_id).motion
            if not motion.is_open:  # told at once, not after filling the form
                raise MotionNotOpen(motion.id, motion.state.value)
            in_force = queries.charter_in_force(rt.reader(), rt.parse).charter
            members = None
            if actor in in_force.operator.users:
                members = [(m.id, m.name) for m in in_force.members]
            client.views_open(trigger_id=click.trigger_id, view=conflict_modal(motion_id, members))

    @app.view(CONFLICT_CALLBACK)
    def declare_it(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context).user_id
        with for_reader(rt, actor):
            try:
                values = view.state.plain() if view.state else {}
                motion_id, member, reason = read_conflict_form(view.private_metadata, values)
            except StaleForm as stale:
                ack(response_action="errors", errors={"reason": str(stale)})
                return
            except FormInvalid as invalid:
                ack(response_action="errors", errors=invalid.errors)
                return
            command = DeclareConflict(actor, motion_id, reason, member)
            try:
                (event,) = declare_conflict(command, rt.new_uow(), rt.clock(), rt.parse)
            except GovernanceError as error:
                ack(response_action="errors", errors=_errors(error))
                return
        ack()
        _note(rt, event)
        rt.refresh(motion_key(event.motion_id), True)


def _note(rt: Runtime, event: ConflictDeclared) -> None:
    """A line under the motion's post: who declared, why, and what it does to the count."""
    names = queries.member_names(rt.reader())
    with for_channel(rt):
        said = t(
            "*{member}* declared a conflict of interest on motion {motion}: {reason}",
            member=names.get(event.member_id, event.member_id),
            motion=event.motion_id,
            reason=event.reason,
        )
        effect = (
            t(
                "Under this motion's rule it leaves the vote until the close; "
                "a ballot it cast is set aside."
            )
            if event.recused
            else t(
                "This motion's rule does not recuse it: "
                "the declaration is recorded and shown with its ballot."
            )
        )
        content = {
            "text": _("A conflict of interest was declared"),
            "blocks": [section(said), context_block(effect)],
        }
    key = f"conflict:{event.audit_seq}"
    uow = rt.new_uow()
    with uow:
        uow.outbox.enqueue(
            key, None, rt.clock(), content=content, after=motion_post_key(event.motion_id)
        )
        uow.commit()
    deliver(rt, key)
