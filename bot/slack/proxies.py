"""``/proxy`` (give, revoke, list) and voting as a proxy's holder from a motion's message.

The holder votes with the motion message's second row (*Yes/No/Abstain as proxy*): the ballot is
queued with the batcher like any other, flagged as cast by proxy for the member, and recorded
exactly once per click. A holder of several proxies on the motion is asked, ephemerally, for
which member. The receipt says the ballot was cast by proxy, and the member's own
representatives get it as a DM.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import outbox
from bot.ballot_batcher import raise_or_events
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack.actions import NotYetRecorded, cast_and_wait
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.payloads import BlockActions, SlashCommand
from bot.slack.payloads.bolt import payload_of
from bot.slack.proxy_blocks import (
    PROXY_ACTIONS,
    chooser_blocks,
    end_of_day,
    given_text,
    holder_told,
    listing_blocks,
    proxy_receipt,
    revoked_text,
    usage,
)
from bot.slack.publisher import motion_facts, motion_key
from bot.slack.refusals import refusal_text
from bot.slack.replies import Refusal
from governance.commands import CastBallot
from governance.motion import BallotEffect
from governance.proxies import Instruction, NoProxyHeld, ProxyError, ProxyLapsed
from governance.services import queries
from governance.services.proxies import (
    GiveProxy,
    RevokeProxy,
    give_proxy,
    held_for_motion,
    lapsed_for_motion,
    proxies_of,
    revoke_proxy,
)
from governance.tally import Choice

log = logging.getLogger(__name__)

CHOICE_OF_PROXY_ACTION = {action: choice for choice, action in PROXY_ACTIONS.items()}
USER = re.compile(r"^<?@?([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>?$")
MOTION = re.compile(r"^[0-9]{1,9}$")
CHOICES = {c.value: c for c in Choice}


def _names(rt: Runtime) -> dict[str, str]:
    with rt.reader() as uow:
        return uow.register.names()


def _zone(rt: Runtime) -> Any:
    return queries.rules_in_force(rt.reader(), rt.parse).pool.timezone


def refuse(rt: Runtime, error: ProxyError) -> Refusal:
    return Refusal(refusal_text(error, _names(rt)))


def parse_give(rt: Runtime, actor: str, words: list[str]) -> GiveProxy:
    """``give @user for MOTION [choice]`` or ``give @user until DATE [choice on MOTION]``."""
    if len(words) < 3:
        raise Refusal(usage())
    found = USER.match(words[0])
    if found is None:
        raise Refusal(t("Name the holder with an @mention: `/proxy give @user for 12`."))
    holder = found.group(1)
    how, what, rest = words[1].lower(), words[2], [w.lower() for w in words[3:]]
    motion_id = until = None
    if how == "for" and MOTION.match(what):
        motion_id = what
    elif how == "until":
        until = end_of_day(what, _zone(rt))
        if until is None:
            raise Refusal(t("Write the date as YYYY-MM-DD: `/proxy give @user until 2027-03-31`."))
    else:
        raise Refusal(usage())
    instruction = None
    if rest:
        choice = CHOICES.get(rest[0])
        if choice is None:
            raise Refusal(t("An instruction is yes, no or abstain."))
        if motion_id is not None and len(rest) == 1:
            instruction = Instruction(motion_id, choice)
        elif len(rest) == 3 and rest[1] == "on" and MOTION.match(rest[2]):
            instruction = Instruction(rest[2], choice)
        else:
            raise Refusal(usage())
    return GiveProxy(actor, holder, motion_id, until, instruction)


def _dm(rt: Runtime, key: str, user: str, text: Mrkdwn) -> None:
    """A DM through the notice outbox: sent once per key, retried by the sweep if Slack fails."""
    delivery = outbox.post(rt, key, user, text, [])
    if delivery.outcome is outbox.Outcome.FAILED:
        log.warning("proxy DM %s pending: %s", key, delivery)


def register(app: App, rt: Runtime) -> None:
    @app.command("/proxy")
    def proxy_command(ack: Ack, context: BoltContext, respond: Respond) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        actor = actor_of(context).user_id
        words = command.text.strip().split()
        word = words[0].lower() if words else "list"
        now = rt.clock()
        with for_reader(rt, actor):
            try:
                if word == "give":
                    give = parse_give(rt, actor, words[1:])
                    (given,) = give_proxy(give, rt.new_uow(), now, rt.parse)
                    names, zone = _names(rt), _zone(rt)
                    member = names.get(given.proxy.member_id, given.proxy.member_id)
                    respond(text=given_text(given.proxy, member, zone), response_type="ephemeral")
                    with for_reader(rt, given.proxy.holder):
                        told = holder_told(given.proxy, member, zone)
                        _dm(rt, f"proxy:{given.proxy.id}/holder", given.proxy.holder, told)
                    return
                elif word == "revoke":
                    done = revoke_proxy(RevokeProxy(actor), rt.new_uow(), now)
                    names = _names(rt)
                    for revoked in done:
                        member = names.get(revoked.proxy.member_id, revoked.proxy.member_id)
                        respond(text=revoked_text(revoked.proxy, member), response_type="ephemeral")
                    return
                elif word in {"list", "help"}:
                    listing = proxies_of(rt.reader(), actor, now)
                    blocks = listing_blocks(listing.given, listing.held, _names(rt), _zone(rt))
                    respond(text=t("Proxies"), blocks=blocks, response_type="ephemeral")
                    return
                else:
                    raise Refusal(usage())
            except ProxyError as error:
                raise refuse(rt, error) from None

    def vote_as_proxy(ack: Ack, context: BoltContext, respond: Respond) -> None:
        ack()
        click = payload_of(context, BlockActions)
        action = click.actions[0]
        actor = actor_of(context)
        choice = CHOICE_OF_PROXY_ACTION[action.action_id]
        motion_id, _sep, member_id = (action.value or "").partition(":")
        with for_reader(rt, actor.user_id):
            if not MOTION.match(motion_id):
                raise Refusal(t("This button does not name a motion: nothing was recorded."))
            held = held_for_motion(rt.reader(), actor.user_id, motion_id, rt.clock())
            if not member_id:
                if not held:
                    ended = lapsed_for_motion(rt.reader(), actor.user_id, motion_id)
                    if ended:
                        raise refuse(rt, ProxyLapsed(motion_id, ended[0].member_id, actor.user_id))
                    raise refuse(rt, NoProxyHeld(motion_id, ""))
                if len(held) > 1:
                    blocks = chooser_blocks(motion_id, choice, held, _names(rt))
                    respond(
                        text=t("For which member?"),
                        blocks=blocks,
                        response_type="ephemeral",
                        replace_original=False,
                    )
                    return
                member_id = held[0].member_id
        key = f"proxy:{actor.enterprise_id or actor.team_id}:{actor.user_id}:{action.action_ts}"
        command = CastBallot(motion_id, member_id, actor.user_id, choice, key, proxy=True)
        answer = cast_and_wait(rt, command)
        if answer is None:
            raise NotYetRecorded()
        with for_reader(rt, actor.user_id):
            try:
                events = raise_or_events(answer)
            except ProxyError as error:
                raise refuse(rt, error) from None
        for event in events:
            facts = motion_facts(rt, motion_id)
            member = facts.names.get(event.member_id, event.member_id)
            with for_reader(rt, actor.user_id):
                text = proxy_receipt(
                    motion_id, member, event.cast_by, event.choice, event.receipt, facts.secret
                )
            respond(text=text, response_type="ephemeral", replace_original=False)
            if event.replayed or event.effect is BallotEffect.UNCHANGED:
                continue
            rt.refresh(motion_key(motion_id), False)
            for user in _representatives(rt, event.member_id):
                with for_reader(rt, user):
                    note = proxy_receipt(
                        motion_id, member, event.cast_by, event.choice, event.receipt, facts.secret
                    )
                    _dm(rt, f"proxy-receipt:{event.receipt}/{user}", user, note)
            if event.everyone_voted:
                rt.close_early(motion_id)

    for action_id in CHOICE_OF_PROXY_ACTION:
        app.action(action_id)(vote_as_proxy)


def _representatives(rt: Runtime, member_id: str) -> tuple[str, ...]:
    with rt.reader() as uow:
        member = next((m for m in uow.register.current() if m.id == member_id), None)
    return member.representatives if member else ()
