"""The App Home: motions awaiting my member's vote, my member's recent ballots, recent results."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.runtime import Runtime
from bot.slack import follow_ups, pool_blocks
from bot.slack.commands import roles
from bot.slack.complaint_blocks import home_blocks
from bot.slack.locales import for_reader
from bot.slack.payloads import EventCallback
from bot.slack.payloads.bolt import payload_of
from bot.slack.publisher import member_names
from governance.motion import MotionState
from governance.services import complaint_queries, queries


def home_for(rt: Runtime, user_id: str) -> dict[str, Any]:
    role = roles(rt, user_id)
    names = member_names(rt)
    latest = queries.recent_motions(rt.reader(), 50)  # read once: titles and recent results
    awaiting = []
    ballots: list[pool_blocks.BallotRow] = []
    if role.member_id is not None:
        member = role.member_id
        awaiting = [
            v.motion
            for v in queries.open_motions(rt.reader())
            if member in v.motion.electorate and member not in v.choices
        ]
        titles = {v.motion.id: v.motion.title for v in latest}
        mine = queries.member_ballots(rt.reader(), member, 10)
        for older in {b.motion_id for b in mine} - titles.keys():
            titles[older] = queries.get_motion(rt.reader(), older).motion.title
        ballots = [
            pool_blocks.BallotRow(
                b.motion_id,
                titles.get(b.motion_id, ""),
                b.choice.value,
                b.cast_at,
                b.receipt,
                superseded=b.superseded_at is not None,
            )
            for b in mine
        ]
    recent = [(v.motion, v.turnout) for v in latest if v.motion.state is not MotionState.OPEN][:10]
    view = pool_blocks.home_view(role, awaiting, ballots, recent, names)
    if role.operator or role.supervisor:  # open complaints and deadlines; content opens in a modal
        complaints = complaint_queries.complaints_for(
            rt.reader(), rt.parse, user_id, open_only=True
        )
        view["blocks"] = (view["blocks"] + home_blocks(complaints))[: pool_blocks.HOME_BLOCKS]
    actions = follow_ups.home_section(rt, user_id)  # open follow-up actions, the reader's first
    view["blocks"] = (view["blocks"] + actions)[: pool_blocks.HOME_BLOCKS]
    return view


def register(app: App, rt: Runtime) -> None:
    @app.event("app_home_opened")
    def show_home(context: BoltContext, client: Any) -> None:
        opened = payload_of(context, EventCallback).home_opened
        if opened is None or opened.tab != "home":
            return
        with for_reader(rt, opened.user):  # the App Home is the reader's own
            view = home_for(rt, opened.user)
        client.views_publish(user_id=opened.user, view=view)
