"""Who acted, from Bolt's context: the actor, which on Slack Connect may differ from the installer.

Roles come from the pool's register, never from Slack; here we only read ids.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from slack_bolt import BoltContext

from bot.i18n import t
from bot.slack.replies import Refusal

SLACK_ID = r"^[A-Z0-9]{2,32}$"


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str = Field(pattern=SLACK_ID)
    team_id: str | None = None
    enterprise_id: str | None = None


def actor_of(context: BoltContext) -> Actor:
    user = context.actor_user_id or context.user_id
    if not user:
        raise Refusal(t("Slack did not say who you are; please try again."))
    return Actor(
        user_id=user,
        team_id=context.actor_team_id or context.team_id,
        enterprise_id=context.actor_enterprise_id or context.enterprise_id,
    )
