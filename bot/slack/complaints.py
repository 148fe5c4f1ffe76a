"""``/complaint``, its buttons and its modals: the supervisors' complaints against the operator.

``/complaint`` opens the filing modal (supervisors only), ``/complaint list`` answers with ids,
categories, statuses and deadlines, and ``/complaint show ID`` (or *Open*) opens the complaint in a
modal, the only place its content is shown. The modal carries the steps the viewer may take now;
each step is checked again by its service. A refused submission is answered on its field before
the ack, so nothing is written. Everything a message says comes from ``complaint_blocks``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.i18n import N_, _, t
from bot.motion_posts import show_or_explain
from bot.runtime import Runtime
from bot.slack import quiet_logs
from bot.slack.arguments import StaleForm, input_limits, over_limits, record_id
from bot.slack.complaint_blocks import (
    ACTION_IDS,
    SHOW_ACTION,
    complaint_modal,
    filing_modal,
    list_blocks,
    step_modal,
)
from bot.slack.complaint_forms import FormInvalid, parse_filing, parse_text
from bot.slack.complaint_notices import announce
from bot.slack.identity import actor_of
from bot.slack.locales import for_reader
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.payloads import BlockActions, SlashCommand, ViewSubmission
from bot.slack.payloads.bolt import payload_of
from bot.slack.replies import Refusal
from governance.complaints import ComplaintAction, can_file
from governance.errors import GovernanceError, NotAuthorised
from governance.services import complaints as services
from governance.services.complaint_commands import (
    AcceptAnswer,
    AcknowledgeComplaint,
    AnswerComplaint,
    ComplaintToMotion,
    FileComplaint,
    RejectAnswer,
)
from governance.services.complaint_motion import complaint_to_motion
from governance.services.complaint_queries import complaint_view, complaints_for, viewer
from governance.services.queries import rules_in_force


def usage() -> Mrkdwn:
    return t("Use `/complaint` to file, `/complaint list`, or `/complaint show ID`.")


def not_a_complaint() -> Mrkdwn:
    return t("This button does not name a complaint.")


PUSHED = {
    ACTION_IDS[ComplaintAction.ANSWER]: ("complaint_answer", ComplaintAction.ANSWER),
    ACTION_IDS[ComplaintAction.REJECT]: ("complaint_reject", ComplaintAction.REJECT),
    ACTION_IDS[ComplaintAction.TO_MOTION]: ("complaint_motion", ComplaintAction.TO_MOTION),
}


def refused(action: ComplaintAction) -> Mrkdwn:
    """Why a pushed step's modal is not open to the user now."""
    if action is ComplaintAction.ANSWER:
        return t("Only the operator may answer this complaint now.")
    if action is ComplaintAction.REJECT:
        return t("Only the supervisors may reject this answer now.")
    return t("Only the supervisors may put an escalated complaint to a motion.")


#: a complaint's number, as refusals name what was expected
A_COMPLAINT_NUMBER = N_("a complaint number")


def may(rt: Runtime, user_id: str, complaint_id: str, action: ComplaintAction) -> bool:
    """Whether ``action`` is open to the user now; a refusal of any kind is False."""
    try:
        return action in complaint_view(rt.reader(), rt.parse, complaint_id, user_id).actions
    except GovernanceError:
        return False


def show(rt: Runtime, client: Any, user_id: str, complaint_id: str, trigger_id: str) -> None:
    view = complaint_view(rt.reader(), rt.parse, complaint_id, user_id)
    client.views_open(trigger_id=trigger_id, view=complaint_modal(view))


def refresh(rt: Runtime, client: Any, click: BlockActions, user_id: str, complaint_id: str) -> None:
    """Re-render the modal a button was clicked in, from the database."""
    if click.view is not None:
        view = complaint_view(rt.reader(), rt.parse, complaint_id, user_id)
        client.views_update(view_id=click.view.id, view=complaint_modal(view))


def clicked(context: BoltContext) -> tuple[BlockActions, str]:
    """The click and the complaint its button names."""
    click = payload_of(context, BlockActions)
    try:
        return click, record_id(click.actions[0].value or "", A_COMPLAINT_NUMBER, "")
    except Refusal:
        raise Refusal(not_a_complaint()) from None


def submitted(context: BoltContext, ack: Ack, field: str) -> tuple[ViewSubmission, str] | None:
    """A step's submission and the complaint its modal was opened for; or None, once ``field``
    says the modal is not one poolgov opened."""
    submission = payload_of(context, ViewSubmission)
    try:
        complaint_id = record_id(submission.view.private_metadata, A_COMPLAINT_NUMBER, "")
    except Refusal:
        ack(response_action="errors", errors={field: StaleForm().message})
        return None
    return submission, complaint_id


def register(app: App, rt: Runtime) -> None:
    quiet_logs.install()

    @app.command("/complaint")
    def complaint_command(ack: Ack, context: BoltContext, client: Any, respond: Respond) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        user = actor_of(context).user_id
        words = command.text.split()
        with for_reader(rt, user):
            if not words:
                if not can_file(viewer(rt.reader(), rt.parse, user)):
                    raise NotAuthorised("file a complaint", "supervisors")
                allowed = rules_in_force(rt.reader(), rt.parse).complaints.anonymous
                client.views_open(trigger_id=command.trigger_id, view=filing_modal(allowed))
            elif words == ["list"]:
                found = complaints_for(rt.reader(), rt.parse, user)
                respond(text=_("Complaints"), blocks=list_blocks(found), response_type="ephemeral")
            elif len(words) == 2 and words[0] == "show":
                complaint_id = record_id(words[1], A_COMPLAINT_NUMBER, usage())
                show(rt, client, user, complaint_id, command.trigger_id)
            else:
                raise Refusal(usage())

    @app.view("complaint_file")
    def file_it(ack: Ack, context: BoltContext) -> None:
        values = payload_of(context, ViewSubmission).view.state.plain()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            if not can_file(viewer(rt.reader(), rt.parse, user)):
                only = _("Only the supervisors file complaints.")
                ack(response_action="errors", errors={"title": only})
                return
            allowed = rules_in_force(rt.reader(), rt.parse).complaints.anonymous
            too_long = over_limits(values, input_limits(filing_modal(allowed)))
            if too_long:
                ack(response_action="errors", errors=too_long)
                return
            try:
                filing = parse_filing(values, allowed)
            except FormInvalid as invalid:
                ack(response_action="errors", errors=invalid.errors)
                return
        ack()
        command = FileComplaint(
            user, filing.category, filing.title, filing.concern, filing.evidence, filing.anonymous
        )
        announce(rt, services.file_complaint(command, rt.new_uow(), rt.clock(), rt.parse))

    @app.action(SHOW_ACTION)
    def open_it(ack: Ack, context: BoltContext, client: Any) -> None:
        ack()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            click, complaint_id = clicked(context)
            show(rt, client, user, complaint_id, click.trigger_id)

    @app.action(ACTION_IDS[ComplaintAction.ACKNOWLEDGE])
    def acknowledge(ack: Ack, context: BoltContext, client: Any) -> None:
        ack()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            click, complaint_id = clicked(context)
            command = AcknowledgeComplaint(complaint_id, user)
            done = services.acknowledge_complaint(command, rt.new_uow(), rt.clock(), rt.parse)
            announce(rt, done)
            refresh(rt, client, click, user, complaint_id)

    @app.action(ACTION_IDS[ComplaintAction.ACCEPT])
    def accept(ack: Ack, context: BoltContext, client: Any) -> None:
        ack()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            click, complaint_id = clicked(context)
            command = AcceptAnswer(complaint_id, user)
            announce(rt, services.accept_answer(command, rt.new_uow(), rt.clock(), rt.parse))
            refresh(rt, client, click, user, complaint_id)

    def push_step(ack: Ack, context: BoltContext, client: Any) -> None:
        ack()
        user = actor_of(context).user_id
        with for_reader(rt, user):
            click, complaint_id = clicked(context)
            callback_id, step = PUSHED[click.actions[0].action_id]
            if not may(rt, user, complaint_id, step):
                raise Refusal(refused(step))
            view = step_modal(callback_id, complaint_id)
            client.views_push(trigger_id=click.trigger_id, view=view)

    for action_id in PUSHED:
        app.action(action_id)(push_step)

    def text_step(
        action: ComplaintAction,
        missing: str,
        step: Callable[[str, str, str], list[Any]],
    ) -> Callable[..., None]:
        """A modal whose one text field completes a step (an answer, a rejection's reason);
        ``missing`` (a catalog message) says what an empty field lacks."""

        def step_submitted(ack: Ack, context: BoltContext) -> None:
            user = actor_of(context).user_id
            with for_reader(rt, user):
                found = submitted(context, ack, "text")
                if found is None:
                    return
                submission, complaint_id = found
                if not may(rt, user, complaint_id, action):
                    ack(response_action="errors", errors={"text": refused(action)})
                    return
                values = submission.view.state.plain()
                limits = input_limits(step_modal(submission.view.callback_id, complaint_id))
                too_long = over_limits(values, limits)
                if too_long:
                    ack(response_action="errors", errors=too_long)
                    return
                try:
                    text = parse_text(values, "text", _(missing))
                except FormInvalid as invalid:
                    ack(response_action="errors", errors=invalid.errors)
                    return
                ack(response_action="clear")
                announce(rt, step(complaint_id, user, text))

        return step_submitted

    app.view("complaint_answer")(
        text_step(
            ComplaintAction.ANSWER,
            N_("Write the answer."),
            lambda complaint_id, user, text: services.answer_complaint(
                AnswerComplaint(complaint_id, user, text), rt.new_uow(), rt.clock(), rt.parse
            ),
        )
    )
    app.view("complaint_reject")(
        text_step(
            ComplaintAction.REJECT,
            N_("Say why the answer falls short."),
            lambda complaint_id, user, text: services.reject_answer(
                RejectAnswer(complaint_id, user, text), rt.new_uow(), rt.clock(), rt.parse
            ),
        )
    )

    @app.view("complaint_motion")
    def to_motion(ack: Ack, context: BoltContext) -> None:
        user = actor_of(context).user_id
        with for_reader(rt, user):
            found = submitted(context, ack, "title")
            if found is None:
                return
            submission, complaint_id = found
            if not may(rt, user, complaint_id, ComplaintAction.TO_MOTION):
                not_open = refused(ComplaintAction.TO_MOTION)
                ack(response_action="errors", errors={"title": not_open})
                return
            values = submission.view.state.plain()
            limits = input_limits(step_modal("complaint_motion", complaint_id))
            too_long = over_limits(values, limits)
            if too_long:
                ack(response_action="errors", errors=too_long)
                return
            try:
                title = parse_text(values, "title", _("Give the motion a title."))
                text = parse_text(values, "text", _("State what the members are asked to resolve."))
            except FormInvalid as invalid:
                ack(response_action="errors", errors=invalid.errors)
                return
            ack(response_action="clear")
            channel = rt.settings.governance_channel
            if not channel:
                raise Refusal(
                    t("No governance channel is set (POOLGOV_CHANNEL); nothing was opened.")
                )
            command = ComplaintToMotion(complaint_id, user, title, text, channel)
            linked, opened = complaint_to_motion(command, rt.new_uow(), rt.clock(), rt.parse)
        show_or_explain(rt, opened.motion_id, channel, user, None)
        for hook in rt.on_motion_opened:
            hook(opened.motion_id, opened.closes_at)
        announce(rt, [linked])
