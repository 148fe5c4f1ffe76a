"""Slash commands: ``/motion`` (the operator drafts a motion) and ``/pool`` (the pool's records)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.i18n import _, local, t
from bot.motion_posts import announce_result
from bot.runtime import Runtime
from bot.slack import follow_ups, pool_blocks, pool_records, proxy_blocks
from bot.slack.arguments import REASON_LENGTH, echo, record_id, within
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.motion_modal import draft_modal, kind_picker
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.payloads import SlashCommand
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import motion_key
from bot.slack.receipt_reply import receipt_reply
from bot.slack.register_upkeep import open_member_modal
from bot.slack.replies import Refusal
from governance.charter import MotionKind
from governance.commands import WithdrawMotion
from governance.errors import NotAuthorised
from governance.motion import MotionState
from governance.services import fee_schedule, queries, withdraw_motion
from governance.services.receipts import ReceiptLookup, ballot_by_receipt
from governance.services.register_queries import register_with_changes

POOL_TOPICS: tuple[str, ...] = ("help", "members", "motions", "fees", "charter", "receipt")
POOL_TOPICS += ("actions",)  # follow-up actions (bot.slack.follow_ups)
POOL_TOPICS += ("motion", "decisions", "distribution")  # bot.slack.pool_records
POOL_TOPICS += ("member",)  # register upkeep (bot.slack.register_upkeep)


def withdraw_usage() -> Mrkdwn:
    return t("Say which motion: `/motion withdraw 12 [reason]`.")


#: A receipt is five groups of four hex digits; copied with its backticks at most.
RECEIPT_LENGTH = 64


def roles(rt: Runtime, user_id: str) -> pool_blocks.Roles:
    role = queries.role_of(rt.reader(), rt.parse, user_id)
    return pool_blocks.Roles(role.operator, role.supervisor, role.member_id)


def motion_form(rt: Runtime, kind: MotionKind, channel: str | None) -> dict[str, Any]:
    """The draft modal for ``kind``, with the charter's voting period and the register."""
    in_force = queries.charter_in_force(rt.reader(), rt.parse).charter
    members = [(m.id, local(m.name)) for m in in_force.members]
    fees = {f.product_category: f.royalty for f in fee_schedule.schedule(rt.reader(), rt.parse)}
    view = draft_modal(kind, in_force.rules_for(kind).voting_period, members, fees)
    view["private_metadata"] = json.dumps({"kind": kind.value, "channel": channel})
    return view


def register(app: App, rt: Runtime) -> None:
    @app.command("/motion")
    def draft_a_motion(ack: Ack, context: BoltContext, client: Any, respond: Respond) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        actor = actor_of(context)
        if not roles(rt, actor.user_id).operator:
            raise NotAuthorised("put a motion to the members", "operator")
        words = command.text.strip().split(maxsplit=2)
        word = words[0].lower() if words else ""
        channel = command.channel_id
        if word == "withdraw":
            with for_reader(rt, actor.user_id):
                withdraw(rt, actor.user_id, words[1:], respond)
            return
        if not word:
            with for_reader(rt, actor.user_id):  # the operator's modal
                view = kind_picker()
            view["private_metadata"] = json.dumps({"channel": channel})
        elif word in MotionKind.__members__.values() or word in {k.value for k in MotionKind}:
            with for_reader(rt, actor.user_id):
                view = motion_form(rt, MotionKind(word), channel)
        else:
            kinds = ", ".join(k.value for k in MotionKind)
            raise Refusal(
                t(
                    "`{typed}` is not a kind of motion. Use one of: {kinds}.",
                    typed=echo(word),
                    kinds=kinds,
                )
            )
        client.views_open(trigger_id=command.trigger_id, view=view)

    @app.command("/pool")
    def show_the_pool(ack: Ack, context: BoltContext, respond: Respond, client: Any) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        words = command.text.strip().split(maxsplit=1) or ["help"]
        topic = words[0].lower()
        if topic not in POOL_TOPICS:
            known = ", ".join(POOL_TOPICS)
            raise Refusal(
                t("`/pool {typed}` is unknown. Try: {known}.", typed=echo(topic), known=known)
            )
        actor = actor_of(context)
        if topic == "member":  # the operator's register upkeep (bot.slack.register_upkeep)
            rest = words[1] if len(words) > 1 else ""
            open_member_modal(rt, client, actor.user_id, rest, command.trigger_id)
            return
        with for_reader(rt, actor.user_id):  # an ephemeral answer: the asker's language
            if topic == "receipt":
                answer = receipt_answer(rt, actor.user_id, words[1] if len(words) > 1 else "")
                respond(text=answer, response_type="ephemeral")
                return
            rest = words[1] if len(words) > 1 else ""
            if topic in pool_records.TOPICS:
                blocks = pool_records.answer(rt, topic, rest)
            else:
                blocks = pool_answer(rt, topic, actor.user_id, rest)
            text = _("poolgov: {topic}").format(topic=topic)
        respond(text=text, blocks=blocks, response_type="ephemeral")


def receipt_answer(rt: Runtime, actor: str, code: str) -> str:
    """``/pool receipt CODE``: only the ballot's member's representatives learn anything."""
    if not code.strip():
        raise Refusal(t("Say which receipt: `/pool receipt 3f9a-02c4-7be1-9d0e-55ab`."))
    # copied from a receipt, which Slack shows as code
    typed = within(code.strip(), RECEIPT_LENGTH, "A receipt").strip("`")
    return receipt_reply(ballot_by_receipt(ReceiptLookup(actor, typed), rt.reader()))


def withdraw(rt: Runtime, actor: str, args: list[str], respond: Respond) -> None:
    """``/motion withdraw ID [reason]``: the operator takes an open motion back."""
    if not args:
        raise Refusal(withdraw_usage())
    motion_id = record_id(args[0], "a motion number", withdraw_usage())
    reason = within(args[1].strip() if len(args) > 1 else "", REASON_LENGTH, "A reason")
    command = WithdrawMotion(motion_id=motion_id, actor=actor, reason=reason)
    for event in withdraw_motion(command, rt.new_uow(), rt.clock(), rt.parse):
        rt.refresh(motion_key(event.motion_id), True)
        announce_result(rt, event.motion_id)  # none if it was never shown
        respond(
            text=t("Motion {motion} is withdrawn.", motion=event.motion_id),
            response_type="ephemeral",
        )


def pool_answer(rt: Runtime, topic: str, user_id: str, rest: str = "") -> list[dict[str, Any]]:
    if topic == "actions":
        return follow_ups.pool_actions(rt, user_id, rest)
    if topic == "members":
        in_force = queries.charter_in_force(rt.reader(), rt.parse)
        register = register_with_changes(rt.reader(), rt.parse)
        rows = [
            pool_blocks.RegisterRow(
                e.member.id,
                e.member.name,
                e.member.patents,
                e.member.contribution,
                e.share,
                e.member.representatives,
                register.last_changed.get(e.member.id),
            )
            for e in register.entries
        ]
        page = rest.strip()
        if page and not (page.isascii() and page.isdigit() and len(page) <= 6):
            raise Refusal(t("Say which page of the register: `/pool members 2`."))
        return pool_blocks.members_blocks(rows, in_force.charter, int(page or "1"))
    if topic == "motions":
        open_ = [(v.motion, v.turnout) for v in queries.open_motions(rt.reader())]
        recent = [
            (v.motion, v.turnout)
            for v in queries.recent_motions(rt.reader(), 15)
            if v.motion.state is not MotionState.OPEN
        ][:10]
        return pool_blocks.motions_blocks(open_, recent)
    if topic == "fees":
        fees = [
            pool_blocks.FeeRow(f.product_category, f.royalty, f.effective_date, f.motion_id or None)
            for f in fee_schedule.schedule(rt.reader(), rt.parse)
        ]
        return pool_blocks.fees_blocks(fees)
    if topic == "charter":
        in_force = queries.charter_in_force(rt.reader(), rt.parse)
        signer = rt.signer
        signing = (
            pool_blocks.SigningKeyRow(signer.key_id, signer.fingerprint, signer.public_key_pem)
            if signer
            else None
        )
        return pool_blocks.charter_blocks(in_force.charter, in_force.record.version, signing)
    allowed = queries.rules_in_force(rt.reader(), rt.parse).proxies.allowed
    return [
        *pool_blocks.help_blocks(roles(rt, user_id)),
        *proxy_blocks.help_blocks(allowed),
        *follow_ups.help_blocks(rt, user_id),
    ]
