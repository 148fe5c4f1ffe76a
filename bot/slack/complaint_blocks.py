"""Block Kit for complaints: what messages may say, and the views that alone show content.

Messages (the supervisors' channel, DMs, ephemerals, ``response_url`` answers) are built only by
:func:`summary_line` and its callers from a complaint's metadata: id, category, status and
deadlines. The content (title, concern, evidence, responses) appears only in
:func:`complaint_modal`, a view, and the filer only when the access rules return one.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, _, t
from bot.slack.date_words import date_token
from bot.slack.mrkdwn import (
    Block,
    Mrkdwn,
    lines,
    md,
    mention,
    plain_section,
    section,
)
from governance.complaints import (
    Complaint,
    ComplaintAction,
    ComplaintCategory,
    ComplaintStatus,
    EscalationReason,
)
from governance.complaints.deadlines import pending_deadlines
from governance.services.complaint_queries import ComplaintView

__all__ = ["Block", "plain_section", "section"]

TEXT_LIMIT = 3000
MODAL_BLOCKS = 100
SHOW_ACTION = "complaint_show"
ACTION_IDS = {
    ComplaintAction.ACKNOWLEDGE: "complaint_acknowledge",
    ComplaintAction.ANSWER: "complaint_answer_open",
    ComplaintAction.ACCEPT: "complaint_accept",
    ComplaintAction.REJECT: "complaint_reject_open",
    ComplaintAction.TO_MOTION: "complaint_motion_open",
}
# The words below are catalog messages: show them with ``_(…)`` where they are shown.
BUTTON_LABELS = {
    ComplaintAction.ACKNOWLEDGE: N_("Acknowledge"),
    ComplaintAction.ANSWER: N_("Answer"),
    ComplaintAction.ACCEPT: N_("Accept the answer"),
    ComplaintAction.REJECT: N_("Reject the answer"),
    ComplaintAction.TO_MOTION: N_("Put to a motion"),
}
CATEGORY_LABELS = {
    ComplaintCategory.LICENSING_PRACTICE: N_("Licensing practice"),
    ComplaintCategory.FEE_CALCULATION: N_("Fee calculation"),
    ComplaintCategory.REVENUE_DISTRIBUTION: N_("Revenue distribution"),
    ComplaintCategory.DISCRIMINATORY_LICENSING: N_("Discriminatory or refused licensing"),
    ComplaintCategory.INFORMATION_DISCLOSURE: N_("Information disclosure"),
    ComplaintCategory.CONFLICT_OF_INTEREST: N_("Conflict of interest"),
    ComplaintCategory.CONDUCT: N_("Conduct"),
    ComplaintCategory.OTHER: N_("Other"),
}
REASON_WORDS = {
    EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED: N_("the acknowledgement deadline was missed"),
    EscalationReason.RESPOND_DEADLINE_MISSED: N_("the response deadline was missed"),
    EscalationReason.ANSWER_REJECTED: N_("the supervisors rejected the answer"),
}
DEADLINE_WORDS = {"acknowledge_by": N_("acknowledge by"), "respond_by": N_("respond by")}
#: a complaint's status as messages show it (the enum value itself, in English)
STATUS_WORDS = {
    ComplaintStatus.FILED: N_("filed"),
    ComplaintStatus.ACKNOWLEDGED: N_("acknowledged"),
    ComplaintStatus.ANSWERED: N_("answered"),
    ComplaintStatus.CLOSED: N_("closed"),
    ComplaintStatus.ESCALATED: N_("escalated"),
}
HOW_TO_OPEN = "Open it from poolgov's App Home or with `/complaint show {id}`."


def status_word(status: str) -> str:
    """A status value in words (an unknown one as it is)."""
    try:
        return _(STATUS_WORDS[ComplaintStatus(status)])
    except ValueError:
        return status


def how_to_open(complaint_id: str) -> Mrkdwn:
    return t(
        "Open it from poolgov's App Home or with `/complaint show {complaint}`.",
        complaint=complaint_id,
    )


def plain(text: str, limit: int = 75) -> dict[str, str]:
    return {"type": "plain_text", "text": text[:limit]}


def summary_line(complaint: Complaint) -> Mrkdwn:
    """All a message may say of a complaint: id, category, status and the pending deadlines."""
    parts = [
        t("Complaint *{complaint}*", complaint=complaint.id),
        md("{}", _(CATEGORY_LABELS[complaint.category])),
        md("*{}*", status_word(complaint.status)),
    ]
    parts += [
        t(
            "{deadline} {at}",
            deadline=_(DEADLINE_WORDS[d.value]),
            at=date_token(at),
        )
        for d, at in pending_deadlines(complaint)
    ]
    if complaint.status is ComplaintStatus.ESCALATED and complaint.escalation_reason:
        parts.append(md("{}", _(REASON_WORDS[complaint.escalation_reason])))
    if complaint.motion_id:
        parts.append(t("motion {motion}", motion=complaint.motion_id))
    return md(" · ").join(parts)


def step_notice_text(complaint: Complaint, *, motion: bool = False, dm: bool = False) -> Mrkdwn:
    """A step's notice, from the complaint as that step left it: a filing (``dm``: the
    operator's copy, which says where to open it), a status change, or a motion."""
    line = summary_line(complaint)
    if motion:
        return t(":ballot_box: {summary}: put to the members", summary=line)
    if complaint.status is not ComplaintStatus.FILED:
        return line
    if dm:
        return t(":memo: New {summary}. {how}", summary=line, how=how_to_open(complaint.id))
    return t(":memo: New {summary}", summary=line)


def list_blocks(complaints: Sequence[Complaint]) -> list[Block]:
    """``/complaint list``: one line each; the content is in the view behind *Open*."""
    if not complaints:
        return [section(t("No complaints have been filed."))]
    blocks: list[Block] = [section(t("*Complaints* (open one to read it)"))]
    for complaint in complaints[:45]:
        blocks.append(
            {
                **section(summary_line(complaint)),
                "accessory": {
                    "type": "button",
                    "action_id": SHOW_ACTION,
                    "text": plain(_("Open")),
                    "value": complaint.id,
                },
            }
        )
    return blocks


def home_blocks(complaints: Sequence[Complaint]) -> list[Block]:
    """The App Home section for supervisors and the operator: open complaints and deadlines."""
    blocks: list[Block] = [{"type": "header", "text": plain(_("Complaints"), 150)}]
    if not complaints:
        return [*blocks, section(t("_No open complaints._"))]
    return blocks + list_blocks(complaints)[1:30]


def _fields(view: ComplaintView) -> Block:
    c = view.complaint
    filer = mention(view.filer) if view.filer else t("_withheld (anonymous)_")
    said = [
        t("*Category:* {category}", category=_(CATEGORY_LABELS[c.category])),
        t("*Status:* {status}", status=status_word(c.status)),
        t("*Filed:* {at} by {filer}", at=date_token(c.filed_at), filer=filer),
        t(
            "*Acknowledge by:* {at}{late}",
            at=date_token(c.acknowledge_by),
            late=_late(c.acknowledged_late),
        ),
        t("*Respond by:* {at}{late}", at=date_token(c.respond_by), late=_late(c.answered_late)),
    ]
    if c.escalation_reason:
        said.append(t("*Escalated:* {reason}", reason=_(REASON_WORDS[c.escalation_reason])))
    if c.motion_id:
        said.append(t("*Motion:* {motion}", motion=c.motion_id))
    return section(lines(said))


def _late(late: bool) -> str:
    return _(" (late)") if late else ""


def _chunks(text: str) -> list[str]:
    return [text[i : i + TEXT_LIMIT] for i in range(0, len(text), TEXT_LIMIT)] or [""]


def complaint_modal(view: ComplaintView) -> Block:
    """The one place the content is shown: a modal for a supervisor or the operator's user."""
    content = view.content
    blocks: list[Block] = [_fields(view), {"type": "divider"}, section(t("*Title*"))]
    blocks += [plain_section(chunk) for chunk in _chunks(content.title)]
    blocks.append(section(t("*Concern*")))
    blocks += [plain_section(chunk) for chunk in _chunks(content.concern)]
    if content.evidence:
        blocks.append(section(t("*Evidence*")))
        blocks += [plain_section(chunk) for chunk in _chunks("\n".join(content.evidence))]
    for response in content.responses:
        operator = response.by_role.value == "operator"
        who = _("The operator") if operator else _("The supervisors")
        blocks.append(section(md("*{}* · {}", who, date_token(response.at))))
        blocks += [plain_section(chunk) for chunk in _chunks(response.text)]
    buttons = [
        {
            "type": "button",
            "action_id": ACTION_IDS[action],
            "text": plain(_(BUTTON_LABELS[action])),
            "value": view.complaint.id,
        }
        for action in view.actions
    ]
    if buttons:
        blocks = [*blocks[: MODAL_BLOCKS - 1], {"type": "actions", "elements": buttons}]
    return {
        "type": "modal",
        "callback_id": "complaint_view",
        "private_metadata": view.complaint.id,
        "title": plain(_("Complaint {complaint}").format(complaint=view.complaint.id), 24),
        "close": plain(_("Close"), 24),
        "blocks": blocks[:MODAL_BLOCKS],
    }


def text_input(
    block_id: str, label: str, *, multiline: bool, limit: int, optional: bool = False
) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": multiline,
            "max_length": limit,
        },
    }


def filing_modal(anonymous_allowed: bool) -> Block:
    """``/complaint``: what a supervisor files."""
    options = [
        {"text": plain(_(label)), "value": category.value}
        for category, label in CATEGORY_LABELS.items()
    ]
    blocks: list[Block] = [
        section(
            t(
                "The content is encrypted and shown only to the supervisors and the operator's "
                "users, in views like this one. Messages carry only the complaint's id, category, "
                "status and deadlines."
            )
        ),
        {
            "type": "input",
            "block_id": "category",
            "label": plain(_("Category")),
            "element": {"type": "static_select", "action_id": "value", "options": options},
        },
        text_input("title", _("Title"), multiline=False, limit=150),
        text_input("concern", _("The concern"), multiline=True, limit=TEXT_LIMIT),
        text_input(
            "evidence",
            _("Evidence links (one per line)"),
            multiline=True,
            limit=2000,
            optional=True,
        ),
    ]
    if anonymous_allowed:
        blocks.append(
            {
                "type": "input",
                "block_id": "anonymous",
                "optional": True,
                "label": plain(_("Identity")),
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [
                        {"text": plain(_("Hide my identity from the operator")), "value": "yes"}
                    ],
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": "complaint_file",
        "title": plain(_("File a complaint"), 24),
        "submit": plain(_("File"), 24),
        "close": plain(_("Cancel"), 24),
        "blocks": blocks,
    }


def step_modal(callback_id: str, complaint_id: str) -> Block:
    """The operator's answer, the supervisors' reasons, or the motion put to the members."""
    if callback_id == "complaint_motion":
        title, submit = _("Put to a motion"), _("Open the vote")
        blocks = [
            section(
                t(
                    "The motion is posted to the members: write it for them. The complaint's "
                    "content stays confidential and is not copied into the motion."
                )
            ),
            text_input("title", _("Motion title"), multiline=False, limit=300),
            text_input(
                "text", _("What the members are asked to resolve"), multiline=True, limit=3000
            ),
        ]
    else:
        if callback_id == "complaint_answer":
            title, submit = _("Answer"), _("Send answer")
            label = _("The operator's answer")
        else:
            title, submit = _("Reject the answer"), _("Reject")
            label = _("Why the answer is rejected")
        blocks = [text_input("text", label, multiline=True, limit=TEXT_LIMIT)]
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": complaint_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain(_("Back"), 24),
        "blocks": blocks,
    }
