"""Button clicks and selects: ballots on a motion's message, and the motion kind picker.

A ballot click is recorded exactly once (the request key is the click itself, so a retried or
duplicated delivery changes nothing) and answered with an ephemeral receipt. The listener queues
the ballot with the batcher (:mod:`bot.ballot_batcher`), which records it with others in one
transaction. The click is acknowledged before anything else; the same thread then waits for its
ballot and sends the receipt.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.ballot_batcher import BallotAnswer, PendingBallot, raise_or_events
from bot.i18n import local, t
from bot.motion_posts import shown_by_click
from bot.runtime import Runtime
from bot.slack.arguments import metadata, record_id
from bot.slack.commands import motion_form, roles
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.motion_blocks import BALLOT_ACTIONS
from bot.slack.motion_modal import KIND_ACTION
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.payloads import BlockActions
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import motion_facts, motion_key
from bot.slack.replies import Refusal
from bot.slack.wording import choice_word, escape
from governance.charter import MotionKind
from governance.commands import CastBallot
from governance.errors import MotionNotShown, NotAuthorised
from governance.events import BallotRecorded
from governance.motion import BallotEffect
from governance.tally import Choice

CHOICE_OF_ACTION = {action: choice for choice, action in BALLOT_ACTIONS.items()}
KINDS = frozenset(kind.value for kind in MotionKind)


def not_a_ballot() -> Mrkdwn:
    return t("This button does not name a motion: nothing was recorded.")


def receipt(event: BallotRecorded, member_name: Mrkdwn, secret: bool) -> Mrkdwn:
    """The clicker's receipt; ``member_name`` is escaped already."""
    if event.replayed and event.counted_choice is not None:
        return _since_changed(event, event.counted_choice, member_name, secret)
    facts = {
        "choice": choice_word(event.choice.value),
        "member": member_name,
        "motion": event.motion_id,
        "receipt": event.receipt,
    }
    if event.effect is BallotEffect.RECORDED:
        line = t(
            "Your vote is recorded: *{choice}* for {member} on motion {motion}. "
            "Receipt `{receipt}` (find it in the pool's audit chain).",
            **facts,
        )
    elif event.effect is BallotEffect.CHANGED:
        line = t(
            "Your vote is changed: *{choice}* for {member} on motion {motion}. "
            "Receipt `{receipt}` (find it in the pool's audit chain).",
            **facts,
        )
        line = t(
            "{receipt} The earlier ballot is kept in the record, marked superseded.",
            receipt=line,
        )
    else:
        line = t(
            "Your vote was already recorded: *{choice}* for {member} on motion {motion}. "
            "Receipt `{receipt}` (find it in the pool's audit chain).",
            **facts,
        )
    return _secret(line) if secret else line


def _secret(line: Mrkdwn) -> Mrkdwn:
    return t("{receipt} This is a secret ballot: only the totals will be shown.", receipt=line)


def _since_changed(event: BallotRecorded, now: Choice, member_name: Mrkdwn, secret: bool) -> Mrkdwn:
    """An old click delivered again after the member's vote changed: say what counts now."""
    line = t(
        "This click was counted before, as *{choice}* (receipt `{receipt}`), "
        "and has not been counted again. {member}'s vote on motion {motion} "
        "has changed since: it is now *{now}*, receipt `{counted}`.",
        choice=choice_word(event.choice.value),
        receipt=event.receipt,
        member=member_name,
        motion=event.motion_id,
        now=choice_word(now.value),
        counted=event.counted_receipt or "",
    )
    return _secret(line) if secret else line


#: How long a click's thread waits for its ballot to be recorded before saying it is late.
ANSWER_PATIENCE = 60.0


class NotYetRecorded(Refusal):
    def __init__(self) -> None:
        super().__init__(
            t(
                "poolgov has not confirmed your vote yet: it is taking longer than usual. "
                "Your motion's line in App Home shows your ballot once it is recorded; clicking "
                "again is safe and never counts twice."
            )
        )


def register(app: App, rt: Runtime) -> None:
    def vote(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()  # at once: recording and the receipt follow on this thread
        command = ballot_for(payload_of(context, BlockActions), context)
        answer = cast_and_wait(rt, command)
        if isinstance(answer, MotionNotShown) and shown_by_click(rt, command.motion_id, body):
            answer = cast_and_wait(rt, command)  # clicked on its post: it is shown now
        if answer is None:
            raise NotYetRecorded()
        with for_reader(rt, command.actor):  # the receipt is the clicker's alone
            answer_a_vote(rt, command.motion_id, answer, respond)

    for action_id in CHOICE_OF_ACTION:
        app.action(action_id)(vote)

    @app.action(KIND_ACTION)
    def pick_a_kind(ack: Ack, body: dict[str, Any], context: BoltContext, client: Any) -> None:
        ack()
        user = actor_of(context).user_id
        if not roles(rt, user).operator:
            raise NotAuthorised("put a motion to the members", "operator")
        picked = payload_of(context, BlockActions)
        view, option = picked.view, picked.actions[0].selected_option
        if view is None or option is None or option.value not in KINDS:
            raise Refusal(t("Choose a kind of motion from the list."))
        channel = metadata(view.private_metadata, ("channel",))["channel"]
        with for_reader(rt, user):  # the operator's modal
            form = motion_form(rt, MotionKind(option.value), channel)
        client.views_update(view_id=view.id, hash=view.hash, view=form)


def cast_and_wait(rt: Runtime, command: CastBallot) -> BallotAnswer | None:
    pending = PendingBallot()
    rt.cast(command, pending.settle)
    return pending.wait(ANSWER_PATIENCE)


def ballot_for(click: BlockActions, context: BoltContext) -> CastBallot:
    """The clicker's ballot, keyed by the click itself.

    The member is left for the ballot's own transaction to find in the register (one look-up,
    under the same lock as the vote), and a clicker who represents no member is refused there.
    A button whose value is not a motion's number is refused here, before the ballot joins a
    batch: one malformed ballot never fails the others recorded with it.
    """
    action = click.actions[0]
    actor = actor_of(context)
    try:
        motion_id = record_id(action.value or "", "a motion number", "")
    except Refusal:
        raise Refusal(not_a_ballot()) from None
    key = f"ballot:{actor.enterprise_id or actor.team_id}:{actor.user_id}:{action.action_ts}"
    return CastBallot(
        motion_id=motion_id,
        member_id=None,
        actor=actor.user_id,
        choice=CHOICE_OF_ACTION[action.action_id],
        idempotency_key=key,
    )


def answer_a_vote(rt: Runtime, motion_id: str, answer: BallotAnswer, respond: Respond) -> None:
    """Send the receipt, refresh the motion's turnout, close it early once everyone voted."""
    for event in raise_or_events(answer):
        facts = motion_facts(rt, motion_id)
        name = escape(local(facts.names.get(event.member_id, event.member_id)))
        respond(
            text=receipt(event, name, facts.secret),
            response_type="ephemeral",
            replace_original=False,
        )
        if event.effect is not BallotEffect.UNCHANGED and not event.replayed:
            rt.refresh(motion_key(motion_id), False)
        if event.everyone_voted:
            rt.close_early(motion_id)
