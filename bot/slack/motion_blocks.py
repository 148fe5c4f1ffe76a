"""Block Kit for a motion: the open message with its buttons and live turnout.

Pure functions of governance values; ``names`` maps member ids to display names from the register.
The result that replaces this message is built in :mod:`bot.slack.result_blocks`. Everything a
person typed (names, titles, texts, reasons) is escaped before it goes into mrkdwn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from fractions import Fraction
from typing import Any

from bot.slack.wording import KIND_LABELS, bar, date_token, escape, percent, rule_sentence
from governance.kinds import (
    Admission,
    CharterAmendment,
    DistributionChange,
    Expulsion,
    FeeChange,
    Payload,
    PricingBasis,
    Withdrawal,
)
from governance.motion import Motion
from governance.services.queries import MotionView
from governance.tally import Choice

Block = dict[str, Any]
BALLOT_ACTIONS = {
    Choice.YES: "ballot_yes",
    Choice.NO: "ballot_no",
    Choice.ABSTAIN: "ballot_abstain",
}
SECTION_LIMIT = 3000

BASIS_LABELS = {
    "patent_quantity_and_value": "Patent quantity and value",
    "contribution_to_product": "Contribution to the product",
    "industry_margins": "Industry profit margins",
    "lifecycle_stage": "Technology life-cycle stage",
    "price_sensitivity": "Licensee price sensitivity",
    "judicial_precedents": "Judicial precedents",
}


def names_for(view: MotionView) -> Mapping[str, str]:
    """The names a motion's messages show: its register as frozen at opening.

    Everyone a motion's message names (its voters, the recused, the member it would remove) was
    a member when it opened, under the name the record keeps; a member who has since left (say,
    by this very motion) is still named.
    """
    return {member.id: member.name for member in view.register}


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def payload_lines(payload: Payload, names: Mapping[str, str]) -> list[str]:
    """What the motion would do, in the words of its kind."""
    if isinstance(payload, Admission):
        reps = ", ".join(f"<@{user}>" for user in payload.representatives)
        return [
            f"*Applicant:* {escape(payload.name)} (`{payload.applicant_id}`)",
            f"*Pooled patents:* {payload.patents} · *Representatives:* {reps}",
        ]
    if isinstance(payload, Withdrawal | Expulsion):
        lines = [f"*Member:* {escape(names.get(payload.member_id, payload.member_id))}"]
        if payload.reason:
            lines.append(f"*Grounds:* {escape(payload.reason)}")
        return lines
    if isinstance(payload, FeeChange):
        lines = [
            f"*Product category:* {escape(payload.product_category)}",
            f"*Royalty:* {escape(payload.current_royalty or '(none)')} → "
            f"*{escape(payload.proposed_royalty)}*",
            f"*Effective:* {payload.effective_date.isoformat()}",
            "*Pricing basis:*",
        ]
        for item in fields(PricingBasis):
            lines.append(
                f"• _{BASIS_LABELS[item.name]}:_ {escape(getattr(payload.basis, item.name))}"
            )
        return lines
    if isinstance(payload, DistributionChange):
        return [
            f"*Current rule:* {escape(payload.current_rule or '(none)')}",
            f"*Proposed rule:* {escape(payload.proposed_rule)}",
            f"*Effective:* {payload.effective_date.isoformat()}",
        ]
    if isinstance(payload, CharterAmendment):
        summary = (
            escape(payload.summary)
            if payload.summary
            else "a new charter text (see the pool charter)"
        )
        return [f"*Amendment:* {summary}"]
    return []


def header_blocks(motion: Motion) -> list[Block]:
    title = f"Motion {motion.id}: {motion.title}"
    return [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(title, 150)}},
        context(f"{KIND_LABELS[motion.kind]} · charter version {motion.charter_version}"),
    ]


def turnout_line(motion: Motion, choices: Mapping[str, Choice]) -> str:
    eligible = motion.electorate.eligible_weight
    voted = sum((motion.electorate.weights[m] for m in choices), Fraction(0))
    share = voted / eligible if eligible else Fraction(0)
    quorum = motion.rules.quorum
    met = "quorum met" if share >= quorum else f"quorum {percent(quorum)}"
    return (
        f"*Turnout* `{bar(share, quorum)}` {percent(share)} of eligible weight ({met}) · "
        f"{len(choices)} of {motion.electorate.size} members voted"
    )


def open_motion_message(
    motion: Motion, names: Mapping[str, str], choices: Mapping[str, Choice]
) -> tuple[str, list[Block]]:
    """The message members vote on; refreshed (coalesced) as ballots arrive."""
    recused = [escape(names.get(m, m)) for m in motion.electorate.recused]
    blocks = header_blocks(motion)
    if motion.text:
        blocks.append(section(escape(motion.text)))
    lines = payload_lines(motion.payload, names)
    if lines:
        blocks.append(section("\n".join(lines)))
    blocks.append(section(rule_sentence(motion.rules, recused)))
    blocks.append(section(f"*Voting closes* {date_token(motion.closes_at)}"))
    blocks.append(section(turnout_line(motion, choices)))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"ballot:{motion.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": BALLOT_ACTIONS[choice],
                    "text": {"type": "plain_text", "text": choice.value.capitalize()},
                    "value": motion.id,
                    **({"style": "primary"} if choice is Choice.YES else {}),
                    **({"style": "danger"} if choice is Choice.NO else {}),
                }
                for choice in Choice
            ],
        }
    )
    text = f"Motion {motion.id} is open for voting: {escape(motion.title)}"
    return text, blocks
