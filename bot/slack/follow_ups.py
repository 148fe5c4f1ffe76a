"""Follow-up actions in Slack: ``/action``, ``/pool actions``, the App Home section, the agenda's
"open actions" lines, and the owner's reminders and the supervisors' overdue flag.

``/action add DUE OWNER [motion=ID] DESCRIPTION`` (the operator): DUE is ``2027-03-01`` (the start
of that day in the pool's zone) or a duration from now (``14d``); OWNER is ``operator``,
``supervisors`` or a user (``<@U…>`` or ``U…``). ``/action done ID NOTE``: the owner (or the
operator) marks it done. ``/action`` or ``/action list``: the open actions, as ``/pool actions``.
Each action links to the decision it comes from (the motion's post, when poolgov knows it).
Reminders and the overdue flag go through the outbox under ``action/<id>/…`` keys: exactly once
across sweeps, replicas and restarts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from math import ceil
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import outbox
from bot.i18n import N_, _, t, tn
from bot.runtime import Runtime
from bot.slack.arguments import echo
from bot.slack.identity import actor_of
from bot.slack.locales import for_channel, for_reader
from bot.slack.mrkdwn import Mrkdwn, code, context, date_token, link, mention, section
from bot.slack.payloads import SlashCommand
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import motion_key
from bot.slack.refusals import refusal_text
from bot.slack.replies import Refusal
from bot.slack.roll_call_blocks import sections_of
from governance.actions import (
    OPERATOR,
    SUPERVISORS,
    Action,
    ActionError,
    ActionReminder,
    by_owner_and_due,
    overdue_key,
    owners_of,
)
from governance.meetings.agenda import Agenda
from governance.notices import dm_key
from governance.quantities import looks_like_duration, parse_duration
from governance.services import actions as service
from governance.services.queries import charter_in_force, rules_in_force

log = logging.getLogger(__name__)
Block = dict[str, Any]

PAGE = 20  # actions per page of ``/pool actions``
HOME_ACTIONS = 10  # on the App Home; the rest are a ``/pool actions`` away
LONGEST_DUE = timedelta(days=3660)
_USER = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOTION = re.compile(r"^motion=(\d{1,9})$")

#: the defaults' wording (``governance.action_rules``), shown in the reader's language
DEFAULT_TEXTS = {
    "admission.agreement": N_("Sign the pooling agreement with the new member."),
    "fee_change.notify": N_("Notify the licensees of the new royalty before its effective date."),
    "distribution_change.apply": N_(
        "Apply the new distribution rule from the next distribution period."
    ),
    "expulsion.settle": N_("Terminate the expelled member's licences and settle its account."),
    "charter_amendment.publish": N_("Publish the new charter to the members."),
}


# -- wording ---------------------------------------------------------------------------------


def description(action: Action) -> str:
    """The action's description; a default's in the language being spoken."""
    if action.template_key in DEFAULT_TEXTS:
        return _(DEFAULT_TEXTS[action.template_key])
    return action.description


def owner_label(owner: str) -> Mrkdwn:
    if owner == OPERATOR:
        return t("the operator")
    if owner == SUPERVISORS:
        return t("the supervisors")
    return mention(owner)


def decision(rt: Runtime, action: Action) -> Mrkdwn:
    """Where the action comes from, linking to the motion's post when poolgov knows it."""
    if action.motion_id is not None:
        label = t("motion {motion}", motion=action.motion_id)
        posted = rt.posts.get(motion_key(action.motion_id))
        if posted is None:
            return label
        channel, ts = posted
        return link(f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}", label)
    if action.occurrence_key is not None:
        return t("the minutes of {meeting}", meeting=code(action.occurrence_key))
    return t("added by the operator")


def action_line(rt: Runtime, action: Action, now: datetime) -> Mrkdwn:
    text = t(
        "*A{id}* {description} · {owner} · due {due} · from {source}",
        id=action.id,
        description=description(action),
        owner=owner_label(action.owner),
        due=date_token(action.due_at, "{date_long_pretty}"),
        source=decision(rt, action),
    )
    if not action.is_open:
        return text + t(" · done: {note}", note=action.note or "")
    if action.overdue(now):
        return text + t(" · *overdue*")
    return text


def action_blocks(rt: Runtime, actions: Sequence[Action], now: datetime, page: int) -> list[Block]:
    """``/pool actions [PAGE]``: open actions by owner and due date, a page at a time."""
    ordered = by_owner_and_due(actions)
    if not ordered:
        return [section(t("No follow-up action is open."))]
    pages = max(1, ceil(len(ordered) / PAGE))
    if page < 1 or page > pages:
        raise Refusal(t("There are {pages} pages of actions; ask for 1 to {pages}.", pages=pages))
    shown = ordered[(page - 1) * PAGE : page * PAGE]
    head = tn(
        "*{n} open follow-up action*, by owner and due date:",
        "*{n} open follow-up actions*, by owner and due date:",
        len(ordered),
        n=len(ordered),
    )
    blocks = [section(head), *sections_of([action_line(rt, a, now) for a in shown])]
    if pages > 1:
        more = t(
            "Page {page} of {pages}: `/pool actions {next}` shows the next.",
            page=page,
            pages=pages,
            next=page % pages + 1,
        )
        blocks.append(context(more))
    return blocks


def pool_actions(rt: Runtime, user_id: str, rest: str) -> list[Block]:
    """``/pool actions [PAGE]`` in the reader's language."""
    page = rest.strip()
    if page and not (page.isascii() and page.isdigit() and len(page) <= 6):
        raise Refusal(t("Say which page of the actions: `/pool actions 2`."))
    with for_reader(rt, user_id):
        return action_blocks(rt, service.open_actions(rt.reader()), rt.clock(), int(page or "1"))


def help_blocks(rt: Runtime, user_id: str) -> list[Block]:
    """The follow-up actions' line of ``/pool help``."""
    with for_reader(rt, user_id):
        return [
            section(
                t(
                    "*`/pool actions`* or *`/action`* open follow-up actions of the pool's "
                    "decisions · *`/action done ID NOTE`* mark yours done · "
                    "*`/action add DUE OWNER TEXT`* add one (operator)"
                )
            )
        ]


def home_section(rt: Runtime, user_id: str) -> list[Block]:
    """The App Home's "open actions" part: the reader's own first, then the others'."""
    now = rt.clock()
    open_ = service.open_actions(rt.reader())
    if not open_:
        return []
    charter = charter_in_force(rt.reader(), rt.parse).charter
    ops, sups = charter.operator.users, charter.supervisors.users
    mine = [a for a in open_ if user_id in owners_of(a, ops, sups)]
    others = [a for a in open_ if a not in mine]
    listed = (mine + others)[:HOME_ACTIONS]
    with for_reader(rt, user_id):
        head = t(
            "*Follow-up actions*: {n} open, {mine} of them yours.", n=len(open_), mine=len(mine)
        )
        blocks = [section(head), *sections_of([action_line(rt, a, now) for a in listed])]
        if len(open_) > len(listed):
            rest = t("{n} more: `/pool actions`.", n=len(open_) - len(listed))
            blocks.append(context(rest))
    return blocks


def agenda_section(agenda: Agenda) -> list[Block]:
    """The agenda's "open follow-up actions" item: every action open when it was drawn up, in
    due order, overdue ones marked (as of the freeze); none when nothing is open."""
    if not agenda.open_actions:
        return []
    as_of = agenda.frozen_at or datetime.now(UTC)
    rows = []
    for a in agenda.open_actions:
        text = DEFAULT_TEXTS.get(a.template_key or "")
        row = t(
            "A{id} {description} · {owner} · due {due}",
            id=a.id,
            description=_(text) if text is not None else a.description,
            owner=owner_label(a.owner),
            due=date_token(a.due_at, "{date_long_pretty}"),
        )
        if a.motion_id is not None:
            row = row + t(" · motion {motion}", motion=a.motion_id)
        if as_of >= a.due_at:
            row = row + t(" · *overdue*")
        rows.append(row)
    head = t("*Open follow-up actions*")
    return sections_of([head, *rows])


# -- notices ---------------------------------------------------------------------------------


def remind(rt: Runtime, reminder: ActionReminder) -> None:
    """DM each of the action's owners, once per reminder key."""
    action = service.get_action(rt.reader(), str(reminder.action_id))
    charter = charter_in_force(rt.reader(), rt.parse).charter
    for user in owners_of(action, charter.operator.users, charter.supervisors.users):
        with for_reader(rt, user):
            text = t(
                ":alarm_clock: Reminder: follow-up action *A{id}* is due {due}: {description} "
                "Mark it done with `/action done {id} NOTE`.",
                id=action.id,
                due=date_token(action.due_at),
                description=description(action),
            )
        outbox.post(rt, dm_key(reminder.key, user), user, text)


def flag_overdue(rt: Runtime, action: Action) -> bool:
    """Flag an overdue action in the supervisors' channel, once (the operator answers for it)."""
    charter = charter_in_force(rt.reader(), rt.parse).charter
    channel = charter.supervisors.channel
    if not channel:
        log.info("no supervisors.channel in the charter; overdue action %s not flagged", action.id)
        return False
    with for_channel(rt):
        text = t(
            ":warning: Follow-up action *A{id}* is overdue since {due}: {description} "
            "Owner: {owner}; the operator answers for it. From {source}.",
            id=action.id,
            due=date_token(action.due_at),
            description=description(action),
            owner=owner_label(action.owner),
            source=decision(rt, action),
        )
    outbox.post(rt, overdue_key(action.id), channel, text)
    return True


# -- /action ---------------------------------------------------------------------------------


def _owner(word: str) -> str:
    if word.lower() in (OPERATOR, SUPERVISORS):
        return word.lower()
    found = _USER.match(word)
    if found is None:
        raise Refusal(
            t(
                "{owner} is not an owner: write operator, supervisors or @someone.",
                owner=code(echo(word)),
            )
        )
    return found.group(1) or found.group(2)


def _due(word: str, rt: Runtime) -> datetime:
    now = rt.clock()
    zone = rules_in_force(rt.reader(), rt.parse).pool.timezone
    due: datetime | None = None
    if _DATE.match(word):
        try:
            day = date.fromisoformat(word)
            due = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)
        except ValueError:
            due = None
    elif looks_like_duration(word):
        try:
            due = now + parse_duration(word, longest=LONGEST_DUE)
        except ValueError:
            due = None
    if due is None or abs(due - now) > LONGEST_DUE:
        raise Refusal(t("{due} is not a due date: write 2027-03-01 or 14d.", due=code(echo(word))))
    if due <= now:
        raise Refusal(t("{due} has passed: give a due date ahead.", due=code(echo(word))))
    return due


def add(rt: Runtime, actor: str, text: str) -> Mrkdwn:
    words = text.split(maxsplit=2)
    if len(words) < 3:
        raise Refusal(t("Say when, who and what: `/action add 14d operator Send the notice`."))
    due, owner = _due(words[0], rt), _owner(words[1])
    rest = words[2]
    motion_id = None
    first, _sep, after = rest.partition(" ")
    found = _MOTION.match(first)
    if found is not None:
        motion_id, rest = found.group(1), after
    action = service.add_action(
        rt.new_uow(), rt.parse, rt.clock(), actor, rest, owner, due, motion_id
    )
    return t(
        "Follow-up action *A{id}* added, due {due}.", id=action.id, due=date_token(action.due_at)
    )


def done(rt: Runtime, actor: str, text: str) -> Mrkdwn:
    words = text.split(maxsplit=1)
    if len(words) < 2:
        raise Refusal(t("Say which action and what was done: `/action done 3 Signed on 2 May`."))
    action = service.complete_action(rt.new_uow(), rt.parse, rt.clock(), actor, words[0], words[1])
    return t("Follow-up action *A{id}* is done.", id=action.id)


def register(app: App, rt: Runtime) -> None:
    @app.command("/action")
    def follow_up(ack: Ack, context: BoltContext, respond: Respond) -> None:
        ack()
        command = payload_of(context, SlashCommand)
        actor = actor_of(context).user_id
        word, _sep, rest = command.text.strip().partition(" ")
        word = word.lower()
        with for_reader(rt, actor):
            try:
                if word == "add":
                    answer = add(rt, actor, rest.strip())
                elif word == "done":
                    answer = done(rt, actor, rest.strip())
                elif word in ("", "list"):
                    blocks = pool_actions(rt, actor, "")
                    respond(text=_("poolgov: actions"), blocks=blocks, response_type="ephemeral")
                    return
                else:
                    answer = t(
                        "`/action` lists the open follow-up actions · `/action add DUE OWNER "
                        "[motion=ID] DESCRIPTION` (operator; DUE is 2027-03-01 or 14d, OWNER is "
                        "operator, supervisors or @someone) · `/action done ID NOTE` (the owner)"
                    )
            except ActionError as error:
                raise Refusal(refusal_text(error)) from error
        respond(text=answer, response_type="ephemeral")
