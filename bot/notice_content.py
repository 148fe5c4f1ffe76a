"""What a queued notice says when it was not rendered at enqueue time, and whether it is still
wanted: the motion's post is rendered when it is sent (its voting period starts then), the
result announcement from the recorded result, a complaint step's notice from the complaint's
metadata as that step left it (its key names the step: it says what happened then, not what
the complaint's status is now), and a vote-reminder DM is dropped once the member has voted or
the motion has closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.proxy_rules import proxies_allowed
from bot.runtime import Runtime
from bot.slack.complaint_blocks import step_notice_text
from bot.slack.locales import for_channel, for_reader
from bot.slack.motion_blocks import names_for, open_motion_message
from bot.slack.result_blocks import announcement
from governance.notices import motion_of_notice, motion_post_key, motion_result_key
from governance.services.complaint_notices import complaint_for_notice, step_notice_of
from governance.services.queries import get_motion
from governance.services.vote_reminders import still_to_vote

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
#: the content field of a vote-reminder DM: ``[motion id, member id]``
UNLESS_VOTED = "unless_voted"


def is_user(channel: str) -> bool:
    """A user id stands for the bot's DM with that user."""
    return _USER_ID.match(channel) is not None


def render(rt: Runtime, key: str, now: datetime) -> dict[str, Any] | None:
    """The notice ``key`` as it is sent now: a DM in its reader's language, a channel post in
    the pool's."""
    step = step_notice_of(key)
    if step is not None:
        complaint = complaint_for_notice(rt.reader(), step)
        if complaint is None:
            return None
        reader = for_channel(rt) if step.user is None else for_reader(rt, step.user)
        with reader:
            text = step_notice_text(complaint, motion=step.motion, dm=step.user is not None)
        return {"text": text, "blocks": []}
    with for_channel(rt):
        return _render_motion_notice(rt, key, now)


def _render_motion_notice(rt: Runtime, key: str, now: datetime) -> dict[str, Any] | None:
    motion_id = motion_of_notice(key)
    if motion_id is None:
        return None
    view = get_motion(rt.reader(), motion_id)
    motion, names = view.motion, names_for(view)
    if key == motion_post_key(motion_id):
        if not motion.is_open:
            return None
        allowed = proxies_allowed(rt, motion.charter_version)
        text, blocks = open_motion_message(motion.show(now), names, view.choices, proxies=allowed)
        return {"text": text, "blocks": blocks}
    if key == motion_result_key(motion_id):
        return {"text": announcement(motion, names), "blocks": []}
    return None


def still_wanted(rt: Runtime, content: Mapping[str, Any]) -> bool:
    guard = content.get(UNLESS_VOTED)
    if not guard:
        return True
    motion_id, member_id = guard
    return still_to_vote(rt.reader(), str(motion_id), str(member_id))
