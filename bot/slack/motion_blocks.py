"""Block Kit for a motion: the open message with its buttons and live turnout, and the result.

Pure functions of governance values; ``names`` maps member ids to display names from the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from fractions import Fraction
from typing import Any

from bot.slack.wording import KIND_LABELS, bar, date_token, percent, roll_call, rule_sentence
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
from governance.motion import Motion, MotionState
from governance.tally import Choice, Tally

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

_OUTCOME_WORDS = {
    MotionState.CARRIED: ":white_check_mark: *Carried*",
    MotionState.FAILED: ":x: *Failed*",
    MotionState.NO_QUORUM: ":warning: *No quorum*: the motion is not adopted",
    MotionState.WITHDRAWN: ":leftwards_arrow_with_hook: *Withdrawn* by the operator",
}


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def payload_lines(payload: Payload, names: Mapping[str, str]) -> list[str]:
    """What the motion would do, in the words of its kind."""
    if isinstance(payload, Admission):
        reps = ", ".join(f"<@{user}>" for user in payload.representatives)
        return [
            f"*Applicant:* {payload.name} (`{payload.applicant_id}`)",
            f"*Pooled patents:* {payload.patents} · *Representatives:* {reps}",
        ]
    if isinstance(payload, Withdrawal | Expulsion):
        lines = [f"*Member:* {names.get(payload.member_id, payload.member_id)}"]
        if payload.reason:
            lines.append(f"*Grounds:* {payload.reason}")
        return lines
    if isinstance(payload, FeeChange):
        lines = [
            f"*Product category:* {payload.product_category}",
            f"*Royalty:* {payload.current_royalty or '(none)'} → *{payload.proposed_royalty}*",
            f"*Effective:* {payload.effective_date.isoformat()}",
            "*Pricing basis:*",
        ]
        for item in fields(PricingBasis):
            lines.append(f"• _{BASIS_LABELS[item.name]}:_ {getattr(payload.basis, item.name)}")
        return lines
    if isinstance(payload, DistributionChange):
        return [
            f"*Current rule:* {payload.current_rule or '(none)'}",
            f"*Proposed rule:* {payload.proposed_rule}",
            f"*Effective:* {payload.effective_date.isoformat()}",
        ]
    if isinstance(payload, CharterAmendment):
        return [f"*Amendment:* {payload.summary or 'a new charter text (see the pool charter)'}"]
    return []


def _header(motion: Motion) -> list[Block]:
    title = f"Motion {motion.id}: {motion.title}"
    return [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(title, 150)}},
        _context(f"{KIND_LABELS[motion.kind]} · charter version {motion.charter_version}"),
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
    recused = [names.get(m, m) for m in motion.electorate.recused]
    blocks = _header(motion)
    if motion.text:
        blocks.append(_section(motion.text))
    lines = payload_lines(motion.payload, names)
    if lines:
        blocks.append(_section("\n".join(lines)))
    blocks.append(_section(rule_sentence(motion.rules, recused)))
    blocks.append(_section(f"*Voting closes* {date_token(motion.closes_at)}"))
    blocks.append(_section(turnout_line(motion, choices)))
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
    text = f"Motion {motion.id} is open for voting: {motion.title}"
    return text, blocks


def _totals_line(tally: Tally) -> str:
    t = tally.totals
    return (
        f"*Yes* {percent(t.yes)} · *No* {percent(t.no)} · *Abstain* {percent(t.abstain)} · "
        f"*Not voted* {percent(t.not_voted)} "
        f"(shares of the register's weight; eligible {percent(t.eligible)})"
    )


def result_message(
    motion: Motion, tally: Tally | None, names: Mapping[str, str], audit_head: str
) -> tuple[str, list[Block]]:
    """The declared result: outcome, numbers, roll call (unless secret) and the chain head."""
    blocks = _header(motion)
    blocks.append(_section(_OUTCOME_WORDS[motion.state]))
    if tally is not None:
        blocks.append(_section(_totals_line(tally)))
        blocks.append(_section(_tests_line(motion, tally)))
        if not motion.rules.secret and tally.choices:
            choices = {member: choice.value for member, choice in tally.choices.items()}
            blocks.append(_section("*Roll call*\n" + roll_call(choices, names)))
    blocks.append(_context(f"Audit chain head `{audit_head}`"))
    text = f"Motion {motion.id} {motion.state.value.replace('_', ' ')}: {motion.title}"
    return text, blocks


def _met(flag: bool) -> str:
    return "met" if flag else "not met"


def _tests_line(motion: Motion, tally: Tally) -> str:
    eligible = tally.totals.eligible
    participation = tally.totals.participation / eligible if eligible else Fraction(0)
    line = (
        f"*Participation* {percent(participation)} of eligible weight against a quorum of "
        f"{percent(motion.rules.quorum)} ({_met(tally.quorum_met)}) · "
        f"*weight test* {_met(tally.weight_test_met)}"
    )
    if motion.rules.member_threshold > 0:
        line += f" · *member test* {_met(tally.member_test_met)}"
    m = tally.members
    return line + (
        f"\n*Members* yes {m.yes} · no {m.no} · abstain {m.abstain} · "
        f"not voted {m.not_voted} of {m.eligible}"
    )
