"""The meetings surface: ``/meeting`` and ``/agenda``, the RSVP and check-in buttons, and the
operator's minutes modal. Listeners ack first, call a service, then answer; refusals become
ephemeral replies in :mod:`bot.slack.replies`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import jobs_meetings
from bot.i18n import _, t
from bot.meeting_posts import CALENDAR, check_in_post, reminder_post
from bot.runtime import Runtime
from bot.slack import meeting_blocks as blocks
from bot.slack import meeting_words, minutes_actions
from bot.slack import minutes as minutes_ui
from bot.slack.arguments import within
from bot.slack.commands import roles
from bot.slack.identity import actor_of
from bot.slack.locales import for_channel, for_reader
from bot.slack.meeting_words import Words, duration, instant, meeting_key, words
from bot.slack.mrkdwn import Mrkdwn, code
from bot.slack.payloads import BlockActions, SlashCommand, ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.proxy_blocks import by_proxy_check_in
from bot.slack.publisher import member_names
from bot.slack.replies import Refusal
from governance.errors import NotAuthorised
from governance.meetings.agenda import MAX_ITEM_LENGTH
from governance.meetings.commands import (
    AddMeeting,
    AnswerInvitation,
    CancelMeeting,
    CheckInToMeeting,
    MoveMeeting,
    ProposeAgendaItem,
)
from governance.meetings.occurrences import Occurrence
from governance.services import queries
from governance.services.meeting_agenda import agenda_of, propose_agenda_item
from governance.services.meeting_attendance import answer_invitation, check_in
from governance.services.meeting_minutes import minutes
from governance.services.meetings import add_meeting, cancel_meeting, move_meeting, upcoming

Blocks = list[dict[str, Any]]


def _next_key(rt: Runtime, *, started: bool = False) -> str:
    """The next occurrence not cancelled (or, with ``started``, the latest that has started)."""
    now = rt.clock()
    found = [o for o in upcoming(rt.reader(), rt.parse, CALENDAR, now, 20) if not o.cancelled]
    if started:
        found = [o for o in found if o.starts <= now]
    if not found:
        raise Refusal(t("No meeting fits; `/meeting next` lists the meetings."))
    return found[0].key


def _announce(rt: Runtime, occurrence: Occurrence, said: Callable[[], Mrkdwn]) -> None:
    """Post ``said()`` in the meeting's channel, in the pool's language."""
    with for_channel(rt):
        text = said()
    rt.client.chat_postMessage(channel=occurrence.channel, text=text)


def _change(rt: Runtime, actor: str, w: Words, channel: str | None) -> str:
    zone = queries.rules_in_force(rt.reader(), rt.parse).pool.timezone
    now = rt.clock()
    if w.topic == "add":
        meeting_id = meeting_words.meeting_id(w.arg(0, _("a meeting id")))
        starts = instant(w.arg(1, _("a start time")), zone, now)
        length = duration(w.args[2]) if len(w.args) > 2 else None
        title = meeting_words.title(w.rest(3 if length is not None else 2)) or None
        command = AddMeeting(actor, meeting_id, starts, length, title, channel)
        (added,) = add_meeting(command, rt.new_uow(), now, rt.parse, CALENDAR)
        occurrence = added.occurrence
        _announce(rt, occurrence, lambda: blocks.added_text(occurrence))
        jobs_meetings.wake(rt, occurrence)
        return t("Added {key}.", key=code(occurrence.key))
    key = meeting_key(w.arg(0, _("a meeting key (see `/meeting next`)")))
    if w.topic == "move":
        new_start = instant(w.arg(1, _("the new start time")), zone, now)
        move = MoveMeeting(actor, key, new_start, meeting_words.reason(w.rest(2)))
        (moved,) = move_meeting(move, rt.new_uow(), now, rt.parse, CALENDAR)
        occurrence = moved.occurrence
        _announce(rt, occurrence, lambda: blocks.moved_text(occurrence, moved.reason))
        jobs_meetings.wake(rt, occurrence)
        return t("Moved {key}.", key=code(occurrence.key))
    cancel = CancelMeeting(actor, key, meeting_words.reason(w.rest(1)))
    (cancelled,) = cancel_meeting(cancel, rt.new_uow(), now, rt.parse, CALENDAR)
    occurrence = cancelled.occurrence
    _announce(rt, occurrence, lambda: blocks.cancelled_text(occurrence, cancelled.reason))
    return t("Cancelled {key}.", key=code(occurrence.key))


def agenda_answer(rt: Runtime, key: str | None) -> Blocks:
    chosen = meeting_key(key) if key else _next_key(rt)
    found, agenda = agenda_of(rt.reader(), rt.parse, CALENDAR, chosen)
    return blocks.agenda_blocks(found.occurrence, agenda, member_names(rt))[1]


def _open_minutes_modal(rt: Runtime, actor: str, key: str, trigger_id: str) -> None:
    if not roles(rt, actor).operator:
        raise NotAuthorised("record minutes", "operator")
    found, _agenda = agenda_of(rt.reader(), rt.parse, CALENDAR, meeting_key(key))
    locked = minutes_ui.locked_refusal(rt, actor, found.occurrence.key)
    if locked is not None:
        raise locked
    rt.client.views_open(trigger_id=trigger_id, view=blocks.minutes_modal(found.occurrence))


def register(app: App, rt: Runtime) -> None:
    @app.command("/meeting")
    def meeting(ack: Ack, context: BoltContext, respond: Respond) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        actor = actor_of(context).user_id
        with for_reader(rt, actor):
            w = words(command.text)
            if w.topic == "next":
                found = upcoming(rt.reader(), rt.parse, CALENDAR, rt.clock(), 10)
                respond(
                    text=_("Next meetings"),
                    blocks=blocks.next_blocks(found),
                    response_type="ephemeral",
                )
            elif w.topic == "agenda":
                answer = agenda_answer(rt, w.args[0] if w.args else None)
                respond(text=_("Agenda"), blocks=answer, response_type="ephemeral")
            elif w.topic == "minutes" and w.args and w.args[0].lower() == "record":
                key = w.args[1] if len(w.args) > 1 else _next_key(rt, started=True)
                _open_minutes_modal(rt, actor, key, command.trigger_id)
            elif w.topic == "minutes" and w.args and w.args[0].lower() in minutes_ui.VERBS:
                minutes_ui.command(rt, actor, w.args, respond)
            elif w.topic == "minutes":
                listed = blocks.minutes_list(minutes(rt.reader(), 10))
                listed += minutes_ui.states_blocks(rt, actor)
                respond(text=_("Minutes"), blocks=listed, response_type="ephemeral")
            else:
                done = _change(rt, actor, w, command.channel_id)
                respond(text=done, response_type="ephemeral")

    @app.command("/agenda")
    def agenda(ack: Ack, context: BoltContext, respond: Respond) -> None:
        ack()
        text = payload_of(context, SlashCommand).text.strip()
        actor = actor_of(context).user_id
        with for_reader(rt, actor):
            verb, _space, rest = text.partition(" ")
            if verb.lower() in ("", "show"):
                answer = agenda_answer(rt, None)
                respond(text=_("Agenda"), blocks=answer, response_type="ephemeral")
                return
            if verb.lower() != "add" or not rest.strip():
                raise Refusal(
                    t("Use `/agenda add TEXT` to propose an item, or `/agenda` to see it.")
                )
            item = within(rest.strip(), MAX_ITEM_LENGTH, _("An agenda item"))
            proposal = ProposeAgendaItem(actor, item)
            (added,) = propose_agenda_item(proposal, rt.new_uow(), rt.clock(), rt.parse, CALENDAR)
            occurrence = added.occurrence
            respond(
                text=blocks.item_added_text(occurrence, added.item.text, added.closes_at),
                response_type="ephemeral",
            )

    def remember_clicked(post_key: str, body: dict[str, Any]) -> None:
        """The clicked message is the post to refresh. A member may click as soon as Slack shows
        it, before its sender stored where it is (or after an older reminder's place was
        stored): keep the newest, which is what the sender will store too."""
        container = body.get("container")
        if not isinstance(container, dict) or container.get("type") != "message":
            return
        if container.get("is_ephemeral"):
            return
        channel, ts = container.get("channel_id"), container.get("message_ts")
        if not isinstance(channel, str) or not isinstance(ts, str):
            return
        try:
            clicked = Decimal(ts)
            stored = rt.posts.get(post_key)
            if stored is None or clicked > Decimal(stored[1]):
                rt.posts.save(post_key, channel, ts)
        except InvalidOperation:
            return  # not a Slack ts: nothing to remember

    def clicked_key(context: BoltContext) -> str:
        return meeting_key(payload_of(context, BlockActions).actions[0].value or "")

    def rsvp(attending: bool, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        user = actor_of(context).user_id
        with for_reader(rt, user):
            key = clicked_key(context)
            answer = AnswerInvitation(user, key, attending)
            (answered,) = answer_invitation(answer, rt.new_uow(), rt.clock(), rt.parse, CALENDAR)
            name = member_names(rt).get(answered.member_id, answered.member_id)
            respond(
                text=blocks.rsvp_text(name, attending, key),
                response_type="ephemeral",
                replace_original=False,
            )
        remember_clicked(reminder_post(key), body)
        rt.refresh(reminder_post(key), False)

    @app.action(blocks.ATTENDING)
    def attending(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        rsvp(True, body, context, respond)

    @app.action(blocks.NOT_ATTENDING)
    def not_attending(
        ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
    ) -> None:
        ack()
        rsvp(False, body, context, respond)

    @app.action(blocks.CHECK_IN)
    def checking_in(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            key = clicked_key(context)
            command = CheckInToMeeting(user, key)
            # one check-in for the clicker's member, and one per member it holds a proxy for
            for done in check_in(command, rt.new_uow(), rt.clock(), rt.parse, CALENDAR):
                name = member_names(rt).get(done.member_id, done.member_id)
                text = blocks.check_in_text(name, key, first=done.first, late=done.late)
                if done.by_proxy:
                    text = by_proxy_check_in(text)
                respond(text=text, response_type="ephemeral", replace_original=False)
        remember_clicked(check_in_post(key), body)
        rt.refresh(check_in_post(key), False)

    @app.view(blocks.MINUTES_CALLBACK)
    def minutes_submitted(ack: Ack, context: BoltContext) -> None:
        submitted = payload_of(context, ViewSubmission)
        view, trigger_id = submitted.view, submitted.trigger_id
        actor = actor_of(context).user_id
        with for_reader(rt, actor):
            if not roles(rt, actor).operator:
                only = _("Only the operator.")
                ack(response_action="errors", errors={blocks.MINUTES_FIELD: only})
                return
            key = meeting_key(view.private_metadata)
            entry = view.state.values.get(blocks.MINUTES_FIELD, {}).get("value")
            text = (entry.value if entry else None) or ""
            if not text.strip():
                write = _("Write the minutes.")
                ack(response_action="errors", errors={blocks.MINUTES_FIELD: write})
                return
        locked = minutes_ui.locked_refusal(rt, actor, key)
        if locked is not None:
            ack(response_action="errors", errors={blocks.MINUTES_FIELD: str(locked)})
            return
        ack()
        done = minutes_ui.record(rt, actor, key, text)
        then = view.state.values.get(blocks.THEN_ACTION_FIELD, {}).get("value")
        if then and then.selected_options and trigger_id:
            # the submission's trigger opens the next form, once the minutes are posted
            channel = done.occurrence.channel
            motions = done.record.motions
            minutes_actions.open_form(rt, actor, done.occurrence, motions, channel, trigger_id)
