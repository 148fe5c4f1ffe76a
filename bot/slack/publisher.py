"""Putting motions into Slack and keeping their messages true.

Every render reads the database, so whatever triggers it (a vote, a close, the sweep after a
restart) the message shows the latest recorded state. A closed motion's message becomes its result
(the buttons disappear). Posting (the motion's message, its one result announcement) goes
through the outbox: see :mod:`bot.motion_posts`. The result shows the signed chain head it was
published under, and the same signed head goes to the supervisors' channel through the outbox
(:mod:`bot.witness_posts`), queued before the render is marked done, so a restart in between
renders it again and queues it then.
"""

from __future__ import annotations

from bot.proxy_rules import proxies_allowed
from bot.roll_call_posts import post_roll_call
from bot.runtime import MotionFacts, Runtime
from bot.slack.locales import for_channel
from bot.slack.motion_blocks import Message, names_for, open_motion_message
from bot.slack.result_blocks import result_and_thread
from bot.witness_posts import result_head, witness
from governance.services import queries
from governance.services.proxies import counted_by_proxy
from governance.services.queries import MotionView, get_motion


def motion_key(motion_id: str) -> str:
    return f"motion:{motion_id}"


def motion_id_of(key: str) -> str:
    return key.removeprefix("motion:")


def member_names(rt: Runtime) -> dict[str, str]:
    return queries.member_names(rt.reader())


#: Facts kept per runtime; past this many motions the memo starts afresh.
FACTS_KEPT = 1000


def motion_facts(rt: Runtime, motion_id: str) -> MotionFacts:
    known = rt.motion_facts.get(motion_id)
    if known is None:
        known = _remember(rt, motion_id, get_motion(rt.reader(), motion_id))
    return known


def _remember(rt: Runtime, motion_id: str, view: MotionView) -> MotionFacts:
    facts = MotionFacts(view.motion.rules.secret, names_for(view))
    if len(rt.motion_facts) >= FACTS_KEPT:
        rt.motion_facts.clear()
    rt.motion_facts[motion_id] = facts  # one dict store: atomic, and any racer stores the same
    return facts


def render(rt: Runtime, key: str) -> None:
    """Re-render a motion's message from the database (the refresher calls this)."""
    where = rt.posts.get(key)
    if where is None:
        return
    channel, ts = where
    with for_channel(rt):  # the members' channel reads it: the pool's language
        _render(rt, key, channel, ts)


def _render(rt: Runtime, key: str, channel: str, ts: str) -> None:
    view = get_motion(rt.reader(), motion_id_of(key))
    names = names_for(view)
    motion = view.motion
    signed = None
    thread: list[Message] = []
    if motion.is_open:
        text, blocks = open_motion_message(
            motion, names, view.choices, proxies=proxies_allowed(rt, motion.charter_version)
        )
    else:
        signed = result_head(rt, motion.id, view.audit_head)
        marks = () if motion.rules.secret else counted_by_proxy(rt.reader(), motion.id)
        (text, blocks), thread = result_and_thread(
            motion, view.result, names, view.audit_head or "", view.close_reason, signed, marks
        )
    rt.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    if thread:
        post_roll_call(rt, motion.id, channel, ts, thread)  # once per part, across renders
    if signed is not None:
        witness(rt, signed, motion)  # once per head, across renders, replicas and restarts
    rt.posts.mark_rendered(key, motion.state.value)
