"""The minutes lifecycle in Slack: the draft posted for review, corrections proposed from the post
and decided by the operator, approval at the next meeting, and the approved minutes published.

``/meeting minutes record KEY`` (the operator's modal, in :mod:`bot.slack.meetings`) records and
circulates; ``/meeting minutes accept|decline N REASON`` decides a correction;
``/meeting minutes approve KEY [MEETING]`` records a later meeting's approval; a carried
``minutes_approval`` motion approves too (:func:`publish_locked_by_motions`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.i18n import _, t
from bot.meeting_posts import CALENDAR
from bot.runtime import Runtime
from bot.slack import meeting_blocks
from bot.slack import minutes_blocks as blocks
from bot.slack.arguments import REASON_LENGTH, within
from bot.slack.commands import roles
from bot.slack.identity import actor_of
from bot.slack.locales import for_channel, for_reader
from bot.slack.meeting_words import meeting_key
from bot.slack.mrkdwn import code, context, md, section
from bot.slack.payloads import BlockActions, ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import member_names
from bot.slack.refusals import refusal_text
from bot.slack.replies import Refusal
from governance.errors import NotAuthorised
from governance.events import Event
from governance.kinds import MinutesApproval
from governance.minutes import lifecycle as lc
from governance.minutes.lifecycle import MinutesState
from governance.services import queries
from governance.services.meeting_agenda import agenda_of
from governance.services.meetings import upcoming
from governance.services.minutes_review import (
    MinutesCirculated,
    MinutesLockedEvent,
    MinutesUnknown,
    approve_at_meeting,
    decide_correction,
    propose_correction,
    record_and_circulate,
    review_of,
    reviews,
)

VERBS = ("accept", "decline", "approve")
USAGE_DECIDE = "`/meeting minutes accept|decline NUMBER REASON`"


def refused(rt: Runtime, user: str, error: lc.MinutesRefused) -> Refusal:
    with for_reader(rt, user):
        return Refusal(refusal_text(error))


def locked_refusal(rt: Runtime, user: str, key: str) -> Refusal | None:
    """Refusal when ``key``'s minutes are locked (re-recording them is refused)."""
    review = review_of(rt.reader(), key)
    if review is not None and review.state in (MinutesState.APPROVED, MinutesState.LOCKED):
        return refused(rt, user, lc.MinutesLocked(key))
    return None


def record(rt: Runtime, actor: str, key: str, text: str) -> MinutesCirculated:
    """The operator's minutes from the modal: recorded, circulated and posted for review."""
    try:
        with for_channel(rt):
            done = record_and_circulate(
                actor,
                key,
                text,
                blocks.approval_item,
                rt.new_uow(),
                rt.clock(),
                rt.parse,
                CALENDAR,
            )
    except lc.MinutesRefused as error:
        raise refused(rt, actor, error) from error
    with for_channel(rt):
        posted_text, posted = meeting_blocks.minutes_message(done.record)
        posted = posted + blocks.review_blocks(done.record, done.review, done.agenda_key)
    rt.client.chat_postMessage(channel=done.occurrence.channel, text=posted_text, blocks=posted)
    return done


def states_blocks(rt: Runtime, user: str) -> list[dict[str, Any]]:
    """For ``/meeting minutes``: where each meeting's minutes stand, the latest first."""
    found = reviews(rt.reader())[-10:][::-1]
    if not found:
        return []
    with for_reader(rt, user):
        rows = [
            md("• {} {}", code(r.occurrence_key), blocks.state_label(r))
            + md(" · ")
            + blocks.corrections_line(r)
            for r in found
        ]
        return [context(md("\n").join(rows))]


#: how long after approval the sweep takes over a publication that did not happen (a crash, or
#: Slack refusing): long enough that it never races the listener that is posting it
PUBLISH_GRACE = timedelta(minutes=2)


def published_key(key: str) -> str:
    return f"minutes-approved:{key}"


def publish_locked(rt: Runtime, event: MinutesLockedEvent) -> None:
    with for_channel(rt):
        text, posted = blocks.approved_message(event.occurrence, event.review, event.audit_seq)
    answer = rt.client.chat_postMessage(channel=event.occurrence.channel, text=text, blocks=posted)
    channel, ts = answer.get("channel"), answer.get("ts")
    if isinstance(channel, str) and isinstance(ts, str):
        rt.posts.save(published_key(event.review.occurrence_key), channel, ts)


def publish_missed(rt: Runtime) -> None:
    """In the sweep: publish locked minutes whose publication never reached the channel."""
    now = rt.clock()
    for review in reviews(rt.reader()):
        if review.state is not MinutesState.LOCKED or review.approved_at is None:
            continue
        if now - review.approved_at < PUBLISH_GRACE:
            continue
        if rt.posts.get(published_key(review.occurrence_key)) is not None:
            continue
        occurrence = agenda_of(rt.reader(), rt.parse, CALENDAR, review.occurrence_key)[0]
        publish_locked(rt, MinutesLockedEvent(occurrence.occurrence, review, review.audit_seq))


def publish_locked_by_motions(rt: Runtime, motion_id: str, events: list[Event]) -> None:
    """After a motion closed: a carried ``minutes_approval`` locked its minutes; publish them."""
    if not events:
        return
    motion = queries.get_motion(rt.reader(), motion_id).motion
    if not isinstance(motion.payload, MinutesApproval):
        return
    key = motion.payload.occurrence_key
    review = review_of(rt.reader(), key)
    if (
        review is None
        or review.state is not MinutesState.LOCKED
        or review.approved_ref != motion_id
    ):
        return
    occurrence = agenda_of(rt.reader(), rt.parse, CALENDAR, key)[0].occurrence
    publish_locked(rt, MinutesLockedEvent(occurrence, review, review.audit_seq))


def _sitting_meeting(rt: Runtime, key: str) -> str:
    """The meeting that approves: the latest one that has started, after the minutes' own."""
    now = rt.clock()
    found = [
        o
        for o in upcoming(rt.reader(), rt.parse, CALENDAR, now, 20)
        if not o.cancelled and o.starts <= now and o.key != key
    ]
    if not found:
        raise Refusal(
            t(
                "No later meeting is sitting; say which: `/meeting minutes approve {key} MEETING`.",
                key=key,
            )
        )
    return found[-1].key


def command(rt: Runtime, actor: str, args: tuple[str, ...], respond: Respond) -> None:
    """``/meeting minutes accept|decline N REASON`` and ``/meeting minutes approve KEY [M]``."""
    verb = args[0].lower()
    try:
        if verb == "approve":
            if len(args) < 2:
                with for_reader(rt, actor):
                    raise Refusal(t("Say whose minutes: `/meeting minutes approve KEY [MEETING]`."))
            key = meeting_key(args[1])
            at = meeting_key(args[2]) if len(args) > 2 else _sitting_meeting(rt, key)
            locked = approve_at_meeting(
                actor, key, at, rt.new_uow(), rt.clock(), rt.parse, CALENDAR
            )
            publish_locked(rt, locked)
            with for_reader(rt, actor):
                respond(
                    text=t(
                        "The minutes of {key} are approved and locked.",
                        key=locked.review.occurrence_key,
                    ),
                    response_type="ephemeral",
                )
            return
        number_text = args[1] if len(args) > 1 else ""
        if not (number_text.isascii() and number_text.isdigit() and len(number_text) <= 9):
            with for_reader(rt, actor):
                raise Refusal(t("Say which correction and why: {usage}.", usage=USAGE_DECIDE))
        reason = within(" ".join(args[2:]).strip(), REASON_LENGTH, _("A reason"))
    except lc.MinutesRefused as error:
        raise refused(rt, actor, error) from error
    decide(rt, actor, int(number_text), verb == "accept", reason, respond)


def decide(
    rt: Runtime, actor: str, number: int, accept: bool, reason: str, respond: Respond | None
) -> None:
    """The operator's decision on a correction, posted in the meeting's channel."""
    try:
        done = decide_correction(
            actor, number, accept, reason, rt.new_uow(), rt.clock(), rt.parse, CALENDAR
        )
    except lc.MinutesRefused as error:
        raise refused(rt, actor, error) from error
    with for_channel(rt):
        said = blocks.decided_text(done.occurrence, done.correction)
    rt.client.chat_postMessage(channel=done.occurrence.channel, text=said)
    if respond is not None:
        with for_reader(rt, actor):
            respond(text=said, response_type="ephemeral")


def register(app: App, rt: Runtime) -> None:
    @app.action(blocks.PROPOSE_ACTION)
    def propose_clicked(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        clicked = payload_of(context, BlockActions)
        actor = actor_of(context).user_id
        key = meeting_key(clicked.actions[0].value or "")
        if roles(rt, actor).member_id is None:
            raise NotAuthorised("propose corrections to minutes", "members' representatives")
        review = review_of(rt.reader(), key)
        if review is None:
            raise refused(rt, actor, MinutesUnknown(key))
        if not review.open_for_corrections(rt.clock()):
            closes = review.review_closes.isoformat() if review.review_closes else "-"
            error: lc.MinutesRefused = (
                lc.MinutesLocked(key)
                if review.state in (MinutesState.APPROVED, MinutesState.LOCKED)
                else lc.ReviewClosed(key, closes=closes)
            )
            raise refused(rt, actor, error)
        occurrence = agenda_of(rt.reader(), rt.parse, CALENDAR, key)[0].occurrence
        with for_reader(rt, actor):
            view = blocks.correction_modal(occurrence)
        rt.client.views_open(trigger_id=body.get("trigger_id", ""), view=view)

    @app.view(blocks.CORRECTION_CALLBACK)
    def correction_submitted(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context).user_id
        key = meeting_key(view.private_metadata)
        entry = view.state.values.get(blocks.CORRECTION_FIELD, {}).get("value")
        text = ((entry.value if entry else None) or "").strip()
        if not text:
            with for_reader(rt, actor):
                ack(
                    response_action="errors",
                    errors={blocks.CORRECTION_FIELD: _("Write the correction.")},
                )
            return
        ack()
        try:
            done = propose_correction(
                actor, key, text, rt.new_uow(), rt.clock(), rt.parse, CALENDAR
            )
        except lc.MinutesRefused as error:
            raise refused(rt, actor, error) from error
        name = member_names(rt).get(done.correction.member_id, done.correction.member_id)
        with for_channel(rt):
            said = blocks.proposed_text(done.occurrence, done.correction, name)
            buttons = [section(said), *blocks.decision_buttons(done.correction)]
        rt.client.chat_postMessage(channel=done.occurrence.channel, text=said, blocks=buttons)

    def decision_clicked(accept: bool, body: dict[str, Any], context: BoltContext) -> None:
        actor = actor_of(context).user_id
        if not roles(rt, actor).operator:
            raise NotAuthorised("decide on corrections to minutes", "operator")
        value = payload_of(context, BlockActions).actions[0].value or ""
        if not (value.isascii() and value.isdigit() and len(value) <= 9):
            return  # not a button poolgov made
        with for_reader(rt, actor):
            view = blocks.decision_modal(int(value), accept)
        rt.client.views_open(trigger_id=body.get("trigger_id", ""), view=view)

    @app.action(blocks.ACCEPT_ACTION)
    def accept_clicked(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        decision_clicked(True, body, context)

    @app.action(blocks.DECLINE_ACTION)
    def decline_clicked(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        decision_clicked(False, body, context)

    @app.view(blocks.DECISION_CALLBACK)
    def decision_submitted(ack: Ack, context: BoltContext) -> None:
        view = payload_of(context, ViewSubmission).view
        actor = actor_of(context).user_id
        verb, _sep, number = (view.private_metadata or "").partition(":")
        entry = view.state.values.get(blocks.REASON_FIELD, {}).get("value")
        reason = ((entry.value if entry else None) or "").strip()
        if verb not in ("accept", "decline") or not number.isdigit() or len(number) > 9:
            ack()
            return  # a form poolgov did not make
        if not reason:
            with for_reader(rt, actor):
                ack(response_action="errors", errors={blocks.REASON_FIELD: _("Give a reason.")})
            return
        ack()
        decide(rt, actor, int(number), verb == "accept", reason, None)


__all__ = ["VERBS", "command", "locked_refusal", "record", "register"]
