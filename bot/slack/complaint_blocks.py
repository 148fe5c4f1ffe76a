"""Block Kit for complaints: what messages may say, and the views that alone show content.

Messages (the supervisors' channel, DMs, ephemerals, ``response_url`` answers) are built only by
:func:`summary_line` and its callers from a complaint's metadata: id, category, status and
deadlines. The content (title, concern, evidence, responses) appears only in
:func:`complaint_modal`, a view, and the filer only when the access rules return one.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.mrkdwn import (
    Block,
    Mrkdwn,
    date_token,
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
BUTTON_LABELS = {
    ComplaintAction.ACKNOWLEDGE: "Acknowledge",
    ComplaintAction.ANSWER: "Answer",
    ComplaintAction.ACCEPT: "Accept the answer",
    ComplaintAction.REJECT: "Reject the answer",
    ComplaintAction.TO_MOTION: "Put to a motion",
}
CATEGORY_LABELS = {
    ComplaintCategory.LICENSING_PRACTICE: "Licensing practice",
    ComplaintCategory.FEE_CALCULATION: "Fee calculation",
    ComplaintCategory.REVENUE_DISTRIBUTION: "Revenue distribution",
    ComplaintCategory.DISCRIMINATORY_LICENSING: "Discriminatory or refused licensing",
    ComplaintCategory.INFORMATION_DISCLOSURE: "Information disclosure",
    ComplaintCategory.CONFLICT_OF_INTEREST: "Conflict of interest",
    ComplaintCategory.CONDUCT: "Conduct",
    ComplaintCategory.OTHER: "Other",
}
REASON_WORDS = {
    EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED: "the acknowledgement deadline was missed",
    EscalationReason.RESPOND_DEADLINE_MISSED: "the response deadline was missed",
    EscalationReason.ANSWER_REJECTED: "the supervisors rejected the answer",
}
DEADLINE_WORDS = {"acknowledge_by": "acknowledge by", "respond_by": "respond by"}
HOW_TO_OPEN = "Open it from poolgov's App Home or with `/complaint show {id}`."


def how_to_open(complaint_id: str) -> Mrkdwn:
    return md("Open it from poolgov's App Home or with `/complaint show {}`.", complaint_id)


def plain(text: str, limit: int = 75) -> dict[str, str]:
    return {"type": "plain_text", "text": text[:limit]}


def summary_line(complaint: Complaint) -> Mrkdwn:
    """All a message may say of a complaint: id, category, status and the pending deadlines."""
    parts = [
        md("Complaint *{}*", complaint.id),
        md("{}", CATEGORY_LABELS[complaint.category]),
        md("*{}*", complaint.status.value),
    ]
    parts += [
        md("{} {}", DEADLINE_WORDS[d.value], date_token(at))
        for d, at in pending_deadlines(complaint)
    ]
    if complaint.status is ComplaintStatus.ESCALATED and complaint.escalation_reason:
        parts.append(md("{}", REASON_WORDS[complaint.escalation_reason]))
    if complaint.motion_id:
        parts.append(md("motion {}", complaint.motion_id))
    return md(" · ").join(parts)


def step_notice_text(complaint: Complaint, *, motion: bool = False, dm: bool = False) -> Mrkdwn:
    """A step's notice, from the complaint as that step left it: a filing (``dm``: the
    operator's copy, which says where to open it), a status change, or a motion."""
    line = summary_line(complaint)
    if motion:
        return md(":ballot_box: {}: put to the members", line)
    if complaint.status is not ComplaintStatus.FILED:
        return line
    if dm:
        return md(":memo: New {}. {}", line, how_to_open(complaint.id))
    return md(":memo: New {}", line)


def list_blocks(complaints: Sequence[Complaint]) -> list[Block]:
    """``/complaint list``: one line each; the content is in the view behind *Open*."""
    if not complaints:
        return [section(md("No complaints have been filed."))]
    blocks: list[Block] = [section(md("*Complaints* (open one to read it)"))]
    for complaint in complaints[:45]:
        blocks.append(
            {
                **section(summary_line(complaint)),
                "accessory": {
                    "type": "button",
                    "action_id": SHOW_ACTION,
                    "text": plain("Open"),
                    "value": complaint.id,
                },
            }
        )
    return blocks


def home_blocks(complaints: Sequence[Complaint]) -> list[Block]:
    """The App Home section for supervisors and the operator: open complaints and deadlines."""
    blocks: list[Block] = [{"type": "header", "text": plain("Complaints", 150)}]
    if not complaints:
        return [*blocks, section(md("_No open complaints._"))]
    return blocks + list_blocks(complaints)[1:30]


def _fields(view: ComplaintView) -> Block:
    c = view.complaint
    filer = mention(view.filer) if view.filer else md("_withheld (anonymous)_")
    said = [
        md("*Category:* {}", CATEGORY_LABELS[c.category]),
        md("*Status:* {}", c.status.value),
        md("*Filed:* {} by {}", date_token(c.filed_at), filer),
        md("*Acknowledge by:* {}{}", date_token(c.acknowledge_by), _late(c.acknowledged_late)),
        md("*Respond by:* {}{}", date_token(c.respond_by), _late(c.answered_late)),
    ]
    if c.escalation_reason:
        said.append(md("*Escalated:* {}", REASON_WORDS[c.escalation_reason]))
    if c.motion_id:
        said.append(md("*Motion:* {}", c.motion_id))
    return section(lines(said))


def _late(late: bool) -> str:
    return " (late)" if late else ""


def _chunks(text: str) -> list[str]:
    return [text[i : i + TEXT_LIMIT] for i in range(0, len(text), TEXT_LIMIT)] or [""]


def complaint_modal(view: ComplaintView) -> Block:
    """The one place the content is shown: a modal for a supervisor or the operator's user."""
    content = view.content
    blocks: list[Block] = [_fields(view), {"type": "divider"}, section(md("*Title*"))]
    blocks += [plain_section(chunk) for chunk in _chunks(content.title)]
    blocks.append(section(md("*Concern*")))
    blocks += [plain_section(chunk) for chunk in _chunks(content.concern)]
    if content.evidence:
        blocks.append(section(md("*Evidence*")))
        blocks += [plain_section(chunk) for chunk in _chunks("\n".join(content.evidence))]
    for response in content.responses:
        who = "The operator" if response.by_role.value == "operator" else "The supervisors"
        blocks.append(section(md("*{}* · {}", who, date_token(response.at))))
        blocks += [plain_section(chunk) for chunk in _chunks(response.text)]
    buttons = [
        {
            "type": "button",
            "action_id": ACTION_IDS[action],
            "text": plain(BUTTON_LABELS[action]),
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
        "title": plain(f"Complaint {view.complaint.id}", 24),
        "close": plain("Close", 24),
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
        {"text": plain(label), "value": category.value}
        for category, label in CATEGORY_LABELS.items()
    ]
    blocks: list[Block] = [
        section(
            md(
                "The content is encrypted and shown only to the supervisors and the operator's "
                "users, in views like this one. Messages carry only the complaint's id, category, "
                "status and deadlines."
            )
        ),
        {
            "type": "input",
            "block_id": "category",
            "label": plain("Category"),
            "element": {"type": "static_select", "action_id": "value", "options": options},
        },
        text_input("title", "Title", multiline=False, limit=150),
        text_input("concern", "The concern", multiline=True, limit=TEXT_LIMIT),
        text_input(
            "evidence", "Evidence links (one per line)", multiline=True, limit=2000, optional=True
        ),
    ]
    if anonymous_allowed:
        blocks.append(
            {
                "type": "input",
                "block_id": "anonymous",
                "optional": True,
                "label": plain("Identity"),
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [
                        {"text": plain("Hide my identity from the operator"), "value": "yes"}
                    ],
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": "complaint_file",
        "title": plain("File a complaint", 24),
        "submit": plain("File", 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
    }


def step_modal(callback_id: str, complaint_id: str) -> Block:
    """The operator's answer, the supervisors' reasons, or the motion put to the members."""
    if callback_id == "complaint_motion":
        title, submit = "Put to a motion", "Open the vote"
        blocks = [
            section(
                md(
                    "The motion is posted to the members: write it for them. The complaint's "
                    "content stays confidential and is not copied into the motion."
                )
            ),
            text_input("title", "Motion title", multiline=False, limit=300),
            text_input("text", "What the members are asked to resolve", multiline=True, limit=3000),
        ]
    else:
        answer = callback_id == "complaint_answer"
        title, submit = ("Answer", "Send answer") if answer else ("Reject the answer", "Reject")
        label = "The operator's answer" if answer else "Why the answer is rejected"
        blocks = [text_input("text", label, multiline=True, limit=TEXT_LIMIT)]
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": complaint_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain("Back", 24),
        "blocks": blocks,
    }
