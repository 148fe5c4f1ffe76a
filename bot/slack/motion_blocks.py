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

from bot.i18n import N_, _, local, t
from bot.slack.mrkdwn import (
    SECTION_LIMIT,
    Block,
    Mrkdwn,
    code,
    context,
    header,
    lines,
    mention,
    plain,
    plain_text,
    section,
)
from bot.slack.proxy_blocks import proxy_row
from bot.slack.register_modal import conflict_actions
from bot.slack.wording import bar, date_token, kind_label, listing, percent, rule_sentence
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

#: English, marked for the catalog: translate one with ``_()`` where it is shown
BASIS_LABELS = {
    "patent_quantity_and_value": N_("Patent quantity and value"),
    "contribution_to_product": N_("Contribution to the product"),
    "industry_margins": N_("Industry profit margins"),
    "lifecycle_stage": N_("Technology life-cycle stage"),
    "price_sensitivity": N_("Licensee price sensitivity"),
    "judicial_precedents": N_("Judicial precedents"),
}
#: a ballot button's label, by choice
BUTTON_LABELS = {Choice.YES: N_("Yes"), Choice.NO: N_("No"), Choice.ABSTAIN: N_("Abstain")}


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
        reps = listing([mention(user) for user in payload.representatives])
        return [
            t(
                "*Applicant:* {name} ({applicant})",
                name=payload.name,
                applicant=code(payload.applicant_id),
            ),
            t(
                "*Pooled patents:* {patents} · *Representatives:* {representatives}",
                patents=payload.patents,
                representatives=reps,
            ),
        ]
    if isinstance(payload, Withdrawal | Expulsion):
        said = [
            t("*Member:* {member}", member=local(names.get(payload.member_id, payload.member_id)))
        ]
        if payload.reason:
            said.append(t("*Grounds:* {grounds}", grounds=payload.reason))
        return said
    if isinstance(payload, FeeChange):
        said = [
            t("*Product category:* {category}", category=payload.product_category),
            t(
                "*Royalty:* {current} → *{proposed}*",
                current=payload.current_royalty or _("(none)"),
                proposed=payload.proposed_royalty,
            ),
            t("*Effective:* {date}", date=payload.effective_date.isoformat()),
            t("*Pricing basis:*"),
        ]
        for item in fields(PricingBasis):
            said.append(
                t(
                    "• _{ground}:_ {text}",
                    ground=_(BASIS_LABELS[item.name]),
                    text=getattr(payload.basis, item.name),
                )
            )
        return said
    if isinstance(payload, DistributionChange):
        return [
            t("*Current rule:* {rule}", rule=payload.current_rule or _("(none)")),
            t("*Proposed rule:* {rule}", rule=payload.proposed_rule),
            t("*Effective:* {date}", date=payload.effective_date.isoformat()),
        ]
    if isinstance(payload, CharterAmendment):
        summary = payload.summary or _("a new charter text (see the pool charter)")
        return [t("*Amendment:* {summary}", summary=summary)]
    return []


def header_blocks(motion: Motion) -> list[Block]:
    return [
        # plain text: shown as typed
        header(_("Motion {motion}: {title}").format(motion=motion.id, title=motion.title)),
        context(
            t(
                "{kind} · charter version {version}",
                kind=kind_label(motion.kind),
                version=motion.charter_version,
            )
        ),
    ]


def turnout_line(motion: Motion, choices: Mapping[str, Choice]) -> Mrkdwn:
    eligible = motion.electorate.eligible_weight
    voted = sum((motion.electorate.weights[m] for m in choices), Fraction(0))
    share = voted / eligible if eligible else Fraction(0)
    quorum = motion.rules.quorum
    met = t("quorum met") if share >= quorum else t("quorum {quorum}", quorum=percent(quorum))
    return t(
        "*Turnout* `{bar}` {share} of eligible weight ({quorum}) · {voted} of {size} members voted",
        bar=bar(share, quorum),
        share=percent(share),
        quorum=met,
        voted=len(choices),
        size=motion.electorate.size,
    )


def open_motion_message(
    motion: Motion,
    names: Mapping[str, str],
    choices: Mapping[str, Choice],
    *,
    proxies: bool = False,
) -> Message:
    """The message members vote on; refreshed (coalesced) as ballots arrive.

    With ``proxies`` (the charter allows them) a second row lets a proxy's holder vote."""
    recused = [local(names.get(m, m)) for m in motion.electorate.recused]
    # a ballot of a member recused since it voted (a declared conflict) is set aside
    choices = {m: c for m, c in choices.items() if m in motion.electorate}
    blocks = header_blocks(motion)
    if motion.text:
        blocks.append(section(plain(motion.text)))
    said = payload_lines(motion.payload, names)
    if said:
        blocks.append(section(lines(said)))
    blocks.append(section(rule_sentence(motion.rules, recused)))
    blocks.append(section(t("*Voting closes* {when}", when=date_token(motion.closes_at))))
    blocks.append(section(turnout_line(motion, choices)))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"ballot:{motion.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": BALLOT_ACTIONS[choice],
                    "text": plain_text(_(BUTTON_LABELS[choice])),
                    "value": motion.id,
                    **({"style": "primary"} if choice is Choice.YES else {}),
                    **({"style": "danger"} if choice is Choice.NO else {}),
                }
                for choice in Choice
            ],
        }
    )
    if proxies:
        blocks.append(proxy_row(motion.id))
    blocks.append(conflict_actions(motion.id))
    return t(
        "Motion {motion} is open for voting: {title}", motion=motion.id, title=motion.title
    ), blocks


def vote_reminder_message(motion_id: str, title: str, closes_at: datetime, member: str) -> Message:
    """The DM to a representative whose member has not voted yet on a motion closing soon."""
    text = t(
        "Reminder: motion {motion} ({title}) closes soon and {member} has not voted.",
        motion=motion_id,
        title=title,
        member=member,
    )
    blocks = [
        section(
            t(
                ":ballot_box_with_ballot: *Motion {motion}: {title}*\n"
                "Voting closes {when}, and your member has not voted yet. "
                "Vote with the buttons on the motion's message.",
                motion=motion_id,
                title=title,
                when=date_token(closes_at),
            )
        ),
        context(t("You get this because you represent a member of the pool.")),
    ]
    return text, blocks
