"""Block Kit for a motion: the open message with its buttons and live turnout.

Pure functions of governance values; ``names`` maps member ids to display names from the register.
The result that replaces this message is built in :mod:`bot.slack.result_blocks`. Everything a
person typed (names, titles, texts, reasons) goes into mrkdwn only through
:mod:`bot.slack.mrkdwn`, which escapes it; representatives are mentioned by validated id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from fractions import Fraction

from bot.slack.mrkdwn import (
    SECTION_LIMIT,
    Block,
    Mrkdwn,
    code,
    context,
    header,
    lines,
    md,
    mention,
    plain,
    plain_text,
    section,
)
from bot.slack.register_modal import conflict_actions
from bot.slack.wording import KIND_LABELS, bar, date_token, percent, rule_sentence
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

__all__ = ["SECTION_LIMIT", "Block", "context", "section"]

#: a message: its notification text (mrkdwn too) and its blocks
Message = tuple[Mrkdwn, list[Block]]
BALLOT_ACTIONS = {
    Choice.YES: "ballot_yes",
    Choice.NO: "ballot_no",
    Choice.ABSTAIN: "ballot_abstain",
}

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


def payload_lines(payload: Payload, names: Mapping[str, str]) -> list[Mrkdwn]:
    """What the motion would do, in the words of its kind."""
    if isinstance(payload, Admission):
        reps = md(", ").join(mention(user) for user in payload.representatives)
        return [
            md("*Applicant:* {} ({})", payload.name, code(payload.applicant_id)),
            md("*Pooled patents:* {} · *Representatives:* {}", payload.patents, reps),
        ]
    if isinstance(payload, Withdrawal | Expulsion):
        said = [md("*Member:* {}", names.get(payload.member_id, payload.member_id))]
        if payload.reason:
            said.append(md("*Grounds:* {}", payload.reason))
        return said
    if isinstance(payload, FeeChange):
        said = [
            md("*Product category:* {}", payload.product_category),
            md(
                "*Royalty:* {} → *{}*",
                payload.current_royalty or "(none)",
                payload.proposed_royalty,
            ),
            md("*Effective:* {}", payload.effective_date.isoformat()),
            md("*Pricing basis:*"),
        ]
        for item in fields(PricingBasis):
            said.append(
                md("• _{}:_ {}", BASIS_LABELS[item.name], getattr(payload.basis, item.name))
            )
        return said
    if isinstance(payload, DistributionChange):
        return [
            md("*Current rule:* {}", payload.current_rule or "(none)"),
            md("*Proposed rule:* {}", payload.proposed_rule),
            md("*Effective:* {}", payload.effective_date.isoformat()),
        ]
    if isinstance(payload, CharterAmendment):
        summary = payload.summary or "a new charter text (see the pool charter)"
        return [md("*Amendment:* {}", summary)]
    return []


def header_blocks(motion: Motion) -> list[Block]:
    return [
        header(f"Motion {motion.id}: {motion.title}"),  # plain text: shown as typed
        context(
            md(
                "{} · charter version {}",
                KIND_LABELS[motion.kind],
                motion.charter_version,
            )
        ),
    ]


def turnout_line(motion: Motion, choices: Mapping[str, Choice]) -> Mrkdwn:
    eligible = motion.electorate.eligible_weight
    voted = sum((motion.electorate.weights[m] for m in choices), Fraction(0))
    share = voted / eligible if eligible else Fraction(0)
    quorum = motion.rules.quorum
    met = "quorum met" if share >= quorum else f"quorum {percent(quorum)}"
    return md(
        "*Turnout* `{}` {} of eligible weight ({}) · {} of {} members voted",
        bar(share, quorum),
        percent(share),
        met,
        len(choices),
        motion.electorate.size,
    )


def open_motion_message(
    motion: Motion, names: Mapping[str, str], choices: Mapping[str, Choice]
) -> Message:
    """The message members vote on; refreshed (coalesced) as ballots arrive."""
    recused = [names.get(m, m) for m in motion.electorate.recused]
    # a ballot of a member recused since it voted (a declared conflict) is set aside
    choices = {m: c for m, c in choices.items() if m in motion.electorate}
    blocks = header_blocks(motion)
    if motion.text:
        blocks.append(section(plain(motion.text)))
    said = payload_lines(motion.payload, names)
    if said:
        blocks.append(section(lines(said)))
    blocks.append(section(rule_sentence(motion.rules, recused)))
    blocks.append(section(md("*Voting closes* {}", date_token(motion.closes_at))))
    blocks.append(section(turnout_line(motion, choices)))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"ballot:{motion.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": BALLOT_ACTIONS[choice],
                    "text": plain_text(choice.value.capitalize()),
                    "value": motion.id,
                    **({"style": "primary"} if choice is Choice.YES else {}),
                    **({"style": "danger"} if choice is Choice.NO else {}),
                }
                for choice in Choice
            ],
        }
    )
    blocks.append(conflict_actions(motion.id))
    return md("Motion {} is open for voting: {}", motion.id, motion.title), blocks


def vote_reminder_message(motion_id: str, title: str, closes_at: datetime, member: str) -> Message:
    """The DM to a representative whose member has not voted yet on a motion closing soon."""
    text = md(
        "Reminder: motion {} ({}) closes soon and {} has not voted.", motion_id, title, member
    )
    blocks = [
        section(
            md(
                ":ballot_box_with_ballot: *Motion {}: {}*\n"
                "Voting closes {}, and your member has not voted yet. "
                "Vote with the buttons on the motion's message.",
                motion_id,
                title,
                date_token(closes_at),
            )
        ),
        context(md("You get this because you represent a member of the pool.")),
    ]
    return text, blocks
