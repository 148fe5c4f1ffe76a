"""Block Kit for the minutes lifecycle: the draft out for review with its *Propose a correction*
button, the correction form, corrections and decisions, and the approved minutes."""

from __future__ import annotations

from typing import Any

from bot.i18n import _, t
from bot.slack.mrkdwn import (
    Mrkdwn,
    clip,
    code,
    context,
    date_token,
    header,
    md,
    mention,
    plain,
    plain_text,
    section,
)
from governance.meetings.occurrences import Occurrence
from governance.meetings.ports import MinutesRecord
from governance.minutes import lifecycle as lc
from governance.minutes.lifecycle import ApprovedBy, Correction, MinutesReview

Block = dict[str, Any]
Message = tuple[Mrkdwn, list[Block]]
PROPOSE_ACTION = "minutes_propose_correction"
ADD_ACTION = "minutes_add_action"
CORRECTION_CALLBACK = "minutes_correction"
CORRECTION_FIELD = "correction"
ACCEPT_ACTION = "minutes_accept_correction"
DECLINE_ACTION = "minutes_decline_correction"
DECISION_CALLBACK = "minutes_decision"
REASON_FIELD = "reason"


def review_blocks(
    record: MinutesRecord, review: MinutesReview, agenda_key: str | None
) -> list[Block]:
    """What the draft's post adds: the review period, where approval is due, the buttons (a
    representative's *Propose a correction*, the operator's *Add a follow-up action*)."""
    closes = review.review_closes
    said = t(
        "*Draft for review.* Representatives may propose corrections until {closes}.",
        closes=date_token(closes) if closes else "-",
    )
    if agenda_key:
        said += md(" ") + t(
            "The agenda of {meeting} lists their approval.", meeting=code(agenda_key)
        )
    return [
        section(said),
        {
            "type": "actions",
            "block_id": "minutes_review",
            "elements": [
                {
                    "type": "button",
                    "action_id": PROPOSE_ACTION,
                    "text": plain_text(_("Propose a correction")),
                    "value": record.occurrence_key,
                },
                {
                    "type": "button",
                    "action_id": ADD_ACTION,
                    "text": plain_text(_("Add a follow-up action")),
                    "value": record.occurrence_key,
                },
            ],
        },
    ]


def correction_modal(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": CORRECTION_CALLBACK,
        "private_metadata": occurrence.key,
        "title": plain_text(_("Propose a correction"), 24),
        "submit": plain_text(_("Propose"), 24),
        "close": plain_text(_("Cancel"), 24),
        "blocks": [
            section(t("Minutes of *{title}* ({key})", title=occurrence.title, key=occurrence.key)),
            {
                "type": "input",
                "block_id": CORRECTION_FIELD,
                "label": plain_text(_("Correction")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": lc.MAX_CORRECTION_LENGTH,
                },
            },
        ],
    }


def proposed_text(occurrence: Occurrence, correction: Correction, member: str) -> Mrkdwn:
    return t(
        "Correction {number} to the minutes of *{title}*, proposed for {member}: {text}\n"
        "The operator accepts or declines it: `/meeting minutes accept {number} REASON` or "
        "`/meeting minutes decline {number} REASON`.",
        number=correction.id,
        title=occurrence.title,
        member=member,
        text=correction.text,
    )


def decided_text(occurrence: Occurrence, correction: Correction) -> Mrkdwn:
    if correction.state is lc.CorrectionState.ACCEPTED:
        return t(
            "Correction {number} to the minutes of *{title}* is *accepted*: {reason}",
            number=correction.id,
            title=occurrence.title,
            reason=correction.reason,
        )
    return t(
        "Correction {number} to the minutes of *{title}* is *declined*: {reason}",
        number=correction.id,
        title=occurrence.title,
        reason=correction.reason,
    )


def approval_item(occurrence: Occurrence) -> str:
    """The agenda item of the next meeting (stored text, in the pool's language)."""
    return _("Approval of the minutes of {title} ({key})").format(
        title=occurrence.title, key=occurrence.key
    )


def approved_message(occurrence: Occurrence, review: MinutesReview, audit_seq: int) -> Message:
    if review.approved_by is ApprovedBy.MOTION:
        how = t("approved by motion {motion}", motion=review.approved_ref)
    else:
        how = t("approved by the meeting {meeting}", meeting=code(review.approved_ref))
    blocks = [
        header(_("Approved minutes: {title}").format(title=occurrence.title)[:150]),
        context(
            t(
                "Meeting {key} of {when}; {how}. Locked: audit entry {seq}, text hash {hash}.",
                key=code(occurrence.key),
                when=date_token(occurrence.starts),
                how=how,
                seq=audit_seq,
                hash=code(review.text_hash),
            )
        ),
        section(clip(plain(shown_text(review)), 2900)),
    ]
    return t(
        "Approved minutes of {title} ({key})", title=occurrence.title, key=occurrence.key
    ), blocks


def shown_text(review: MinutesReview) -> str:
    """The approved text as :func:`~governance.minutes.lifecycle.final_text` makes it, with the
    heading of the accepted corrections in the reader's language (the record keeps its own)."""
    accepted = review.accepted
    if not accepted:
        return review.text
    notes = "\n".join(f"{n}. {c.text}" for n, c in enumerate(accepted, start=1))
    heading = _("Corrections:")
    return f"{review.text}\n\n{heading}\n{notes}"


def corrections_line(review: MinutesReview) -> Mrkdwn:
    accepted = len(review.accepted)
    declined = sum(1 for c in review.corrections if c.state is lc.CorrectionState.DECLINED)
    return t(
        "Corrections: {accepted} accepted, {declined} declined, {pending} waiting.",
        accepted=accepted,
        declined=declined,
        pending=len(review.pending),
    )


def state_label(review: MinutesReview) -> str:
    labels = {
        lc.MinutesState.DRAFT: _("draft"),
        lc.MinutesState.CIRCULATED: _("circulated for review"),
        lc.MinutesState.APPROVED: _("approved"),
        lc.MinutesState.LOCKED: _("approved and locked"),
    }
    return labels[review.state]


def recorder(user: str) -> Mrkdwn:
    return mention(user)


def decision_buttons(correction: Correction) -> list[Block]:
    """Under a proposed correction: the operator's *Accept* and *Decline* (each asks why)."""
    value = str(correction.id)
    return [
        {
            "type": "actions",
            "block_id": f"minutes_decision_{value}",
            "elements": [
                {
                    "type": "button",
                    "action_id": ACCEPT_ACTION,
                    "text": plain_text(_("Accept")),
                    "value": value,
                    "style": "primary",
                },
                {
                    "type": "button",
                    "action_id": DECLINE_ACTION,
                    "text": plain_text(_("Decline")),
                    "value": value,
                },
            ],
        }
    ]


def decision_modal(correction_id: int, accept: bool) -> dict[str, Any]:
    title = _("Accept correction") if accept else _("Decline correction")
    return {
        "type": "modal",
        "callback_id": DECISION_CALLBACK,
        "private_metadata": f"{'accept' if accept else 'decline'}:{correction_id}",
        "title": plain_text(title, 24),
        "submit": plain_text(_("Record"), 24),
        "close": plain_text(_("Cancel"), 24),
        "blocks": [
            {
                "type": "input",
                "block_id": REASON_FIELD,
                "label": plain_text(_("Reason")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": lc.MAX_REASON_LENGTH,
                },
            }
        ],
    }
