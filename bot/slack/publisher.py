"""Putting motions into Slack and keeping their messages true.

Every render reads the database, so whatever triggers it (a vote, a close, the sweep after a
restart) the message shows the latest recorded state. A closed motion's message becomes its result
(the buttons disappear) and one announcement is posted, claimed in the database so replicas and
restarts never post it twice. The result shows the signed chain head it was published under, and
the same signed head goes to the supervisors' channel (:mod:`bot.witness_posts`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from bot.runtime import MotionFacts, Runtime
from bot.slack.motion_blocks import open_motion_message
from bot.slack.result_blocks import result_message
from bot.slack.wording import KIND_LABELS, escape
from bot.witness_posts import result_head, witness
from governance.commands import CloseMotion
from governance.errors import TooEarlyToClose
from governance.events import Event
from governance.kinds import Admission, DistributionChange, Expulsion, FeeChange, Withdrawal
from governance.motion import Motion, MotionState
from governance.services import close_motion, queries
from governance.services.queries import MotionView, get_motion

log = logging.getLogger(__name__)


def motion_key(motion_id: str) -> str:
    return f"motion:{motion_id}"


def motion_id_of(key: str) -> str:
    return key.removeprefix("motion:")


def member_names(rt: Runtime) -> dict[str, str]:
    return queries.member_names(rt.reader())


def _names_for(view: MotionView) -> Mapping[str, str]:
    """The names a motion's messages show: its register as frozen at opening.

    Everyone a motion's message names (its voters, the recused, the member it would remove) was
    a member when it opened, under the name the record keeps; a member who has since left (say,
    by this very motion) is still named.
    """
    return {member.id: member.name for member in view.register}


#: Facts kept per runtime; past this many motions the memo starts afresh.
FACTS_KEPT = 1000


def motion_facts(rt: Runtime, motion_id: str) -> MotionFacts:
    known = rt.motion_facts.get(motion_id)
    if known is None:
        known = _remember(rt, motion_id, get_motion(rt.reader(), motion_id))
    return known


def _remember(rt: Runtime, motion_id: str, view: MotionView) -> MotionFacts:
    facts = MotionFacts(view.motion.rules.secret, _names_for(view))
    if len(rt.motion_facts) >= FACTS_KEPT:
        rt.motion_facts.clear()
    rt.motion_facts[motion_id] = facts  # one dict store: atomic, and any racer stores the same
    return facts


def post_motion(rt: Runtime, motion_id: str, channel: str) -> None:
    """Post a newly opened motion in ``channel`` and remember where it is."""
    view = get_motion(rt.reader(), motion_id)
    facts = _remember(rt, motion_id, view)
    text, blocks = open_motion_message(view.motion, facts.names, view.choices)
    answer = rt.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    rt.posts.save(motion_key(motion_id), answer["channel"], answer["ts"])
    rt.posts.mark_rendered(motion_key(motion_id), view.motion.state.value)


def render(rt: Runtime, key: str) -> None:
    """Re-render a motion's message from the database (the refresher calls this)."""
    where = rt.posts.get(key)
    if where is None:
        return
    channel, ts = where
    view = get_motion(rt.reader(), motion_id_of(key))
    names = _names_for(view)
    motion = view.motion
    signed = None
    if motion.is_open:
        text, blocks = open_motion_message(motion, names, view.choices)
    else:
        signed = result_head(rt, motion.id, view.audit_head)
        text, blocks = result_message(
            motion, view.result, names, view.audit_head or "", view.close_reason, signed
        )
    rt.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    rt.posts.mark_rendered(key, motion.state.value)
    if not motion.is_open and rt.posts.claim_announcement(key):
        try:
            rt.client.chat_postMessage(
                channel=channel, text=announcement(motion, names), thread_ts=None
            )
        except Exception:
            rt.posts.release_announcement(key)
            raise
    if signed is not None:
        witness(rt, signed, motion)  # once per head, across renders, replicas and restarts


def announcement(motion: Motion, names: Mapping[str, str]) -> str:
    """The one-line declaration posted when a motion closes, with its effect when carried."""
    state = motion.state.value.replace("_", " ")
    line = f"*Motion {motion.id}* ({KIND_LABELS[motion.kind]}) {state}: {escape(motion.title)}."
    if motion.state is not MotionState.CARRIED:
        return line
    payload = motion.payload
    if isinstance(payload, Admission):
        effect = f"{escape(payload.name)} is admitted to the pool."
    elif isinstance(payload, Withdrawal):
        effect = f"{escape(names.get(payload.member_id, payload.member_id))} leaves the pool."
    elif isinstance(payload, Expulsion):
        effect = (
            f"{escape(names.get(payload.member_id, payload.member_id))} is removed from the pool."
        )
    elif isinstance(payload, FeeChange):
        effect = (
            f"The royalty for {escape(payload.product_category)} becomes "
            f"{escape(payload.proposed_royalty)} "
            f"from {payload.effective_date.isoformat()}."
        )
    elif isinstance(payload, DistributionChange):
        effect = f"The new distribution rule applies from {payload.effective_date.isoformat()}."
    elif motion.kind.value == "charter_amendment":
        effect = "The amended charter is now in force; see `/pool charter`."
    else:
        effect = "The resolution is adopted."
    return f"{line} {effect}"


def close_if_due(rt: Runtime, motion_id: str, now: datetime | None = None) -> list[Event]:
    """Close a motion whose deadline came or whose electorate has all voted; idempotent."""
    try:
        events = close_motion(CloseMotion(motion_id), rt.new_uow(), now or rt.clock(), rt.parse)
    except TooEarlyToClose:
        return []
    if events:
        log.info("motion %s closed", motion_id)
        rt.refresh(motion_key(motion_id), True)
    return events
