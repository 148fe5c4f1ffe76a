"""``poolgov export minutes KEY``: one meeting's minutes as Markdown and as a printable HTML page.

Both list the attendance and the recorded quorum, the minutes as approved (or the draft, marked as
such), the corrections with the operator's decisions, the motions decided while the meeting sat
with their results, and the follow-up actions the minutes recorded and those of the motions.

**Follow-up actions**: the pool's own first (:func:`action_lines`: the actions the minutes
recorded and those of the motions decided), then any from :data:`ACTION_READERS`: each reader is
given the database session, the occurrence key and the ids of the motions decided, and returns
:class:`ActionLine` rows. The default reader, :func:`actions_table_reader`, reads an ``actions``
table when the database has one (columns ``motion_id``, ``description``, ``owner``, ``due``, and
``state`` or ``status``, as far as they exist); a feature that keeps actions elsewhere appends its
own reader (or replaces this one) without touching the rest of the document.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import MetaData, Table, inspect, select
from sqlalchemy.orm import Session

from bot.i18n import _
from bot.slack.follow_ups import description
from bot.slack.wording import KIND_LABELS, percent
from governance.actions import OPERATOR, SUPERVISORS, Action
from governance.meetings.attendance import AttendanceResult
from governance.minutes import lifecycle as lc
from governance.minutes.lifecycle import MinutesReview
from governance.services.queries import MotionView


@dataclass(frozen=True)
class ActionLine:
    """One follow-up action as the minutes list it."""

    description: str
    owner: str = ""
    due: str = ""
    state: str = ""
    motion_id: str = ""


ActionReader = Callable[[Session, str, Sequence[str]], list[ActionLine]]


def action_lines(actions: Sequence[Action]) -> list[ActionLine]:
    """The pool's follow-up actions as the minutes list them, each once, in id order."""
    owners = {OPERATOR: _("operator"), SUPERVISORS: _("supervisors")}
    found = {a.id: a for a in actions}
    return [
        ActionLine(
            description=f"A{a.id} {description(a)}",
            owner=owners.get(a.owner, a.owner),
            due=a.due_at.isoformat(),
            state=_("not yet done") if a.is_open else _("done"),
            motion_id=a.motion_id or "",
        )
        for a in sorted(found.values(), key=lambda a: a.id)
    ]


def actions_table_reader(session: Session, key: str, motions: Sequence[str]) -> list[ActionLine]:
    """Actions of the decided motions from an ``actions`` table, if the database has one."""
    if not motions:
        return []
    names = inspect(session.connection()).get_table_names()
    if "actions" not in names:
        return []
    have = {c["name"] for c in inspect(session.connection()).get_columns("actions")}
    if "motion_id" not in have or "description" not in have:
        return []
    actions = Table("actions", MetaData(), autoload_with=session.connection())
    try:
        numeric = actions.c.motion_id.type.python_type is int
    except NotImplementedError:
        numeric = False
    ids: list[object] = [int(m) for m in motions if m.isdigit()] if numeric else list(motions)
    query = select(actions).where(actions.c.motion_id.in_(ids))
    found = []
    for row in session.execute(query).mappings():
        found.append(
            ActionLine(
                description=str(row["description"]),
                owner=str(row.get("owner") or ""),
                due=str(row.get("due") or ""),
                state=str(row.get("state") or row.get("status") or ""),
                motion_id=str(row["motion_id"]),
            )
        )
    return found


#: the follow-up actions' readers, in order (see the module's notes)
ACTION_READERS: list[ActionReader] = [actions_table_reader]


def follow_up_actions(session: Session, key: str, motions: Sequence[str]) -> list[ActionLine]:
    lines: list[ActionLine] = []
    for reader in ACTION_READERS:
        lines += reader(session, key, motions)
    return lines


@dataclass(frozen=True)
class MotionLine:
    id: str
    title: str
    kind: str
    outcome: str
    yes: str = ""
    no: str = ""
    abstain: str = ""
    recused: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinutesDocument:
    key: str
    title: str
    pool: str
    starts: datetime
    text: str
    status: str
    review: MinutesReview | None
    attendance: AttendanceResult | None
    names: dict[str, str]
    motions: tuple[MotionLine, ...] = ()
    actions: tuple[ActionLine, ...] = field(default_factory=tuple)


def motion_line(view: MotionView, names: dict[str, str]) -> MotionLine:
    motion, result = view.motion, view.result
    outcome = {
        "carried": _("carried"),
        "failed": _("failed"),
        "no_quorum": _("no quorum"),
        "withdrawn": _("withdrawn"),
        "open": _("open"),
    }[motion.state.value]
    if result is None:
        return MotionLine(motion.id, motion.title, KIND_LABELS[motion.kind], outcome)
    totals = result.totals
    return MotionLine(
        motion.id,
        motion.title,
        KIND_LABELS[motion.kind],
        outcome,
        percent(totals.yes),
        percent(totals.no),
        percent(totals.abstain),
        tuple(names.get(m, m) for m in result.recused),
    )


def status_of(review: MinutesReview | None) -> str:
    if review is None:
        return _("recorded (not reviewed)")
    if review.state is lc.MinutesState.LOCKED:
        how = (
            _("approved by motion {ref}")
            if review.approved_by is lc.ApprovedBy.MOTION
            else _("approved by the meeting {ref}")
        ).format(ref=review.approved_ref)
        return _("{how}; locked, text hash {hash}").format(how=how, hash=review.text_hash)
    if review.state is lc.MinutesState.CIRCULATED:
        closes = review.review_closes.isoformat() if review.review_closes else "-"
        return _("draft circulated for review until {closes}").format(closes=closes)
    return _("draft")


def quorum_line(a: AttendanceResult) -> str:
    return _(
        "Recorded quorum: present {present} of the register's weight against {quorum}; {met}."
    ).format(
        present=percent(a.present_weight),
        quorum=percent(a.quorum_weight),
        met=_("quorum met") if a.quorum_met else _("quorum not met"),
    )


def motion_head() -> list[str]:
    return [
        _("Motion"),
        _("Title"),
        _("Kind"),
        _("Result"),
        _("Yes"),
        _("No"),
        _("Abstain"),
        _("Recused"),
    ]


def decision(c: lc.Correction) -> str:
    return {
        lc.CorrectionState.PROPOSED: _("waiting for a decision"),
        lc.CorrectionState.ACCEPTED: _("accepted"),
        lc.CorrectionState.DECLINED: _("declined"),
    }[c.state]


def _who(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or _("nobody")


def to_markdown(doc: MinutesDocument) -> str:
    out = [
        f"# {_('Minutes')}: {doc.title}",
        "",
        "- " + _("Pool") + f": {doc.pool}",
        "- " + _("Meeting") + f": `{doc.key}`, {doc.starts.isoformat()}",
        "- " + _("Status") + f": {doc.status}",
        "",
        f"## {_('Attendance')}",
        "",
    ]
    a = doc.attendance
    if a is None:
        out.append(_("No quorum was recorded."))
    else:
        out += [
            "- " + _("Present") + f": {_who(a.present, doc.names)}",
            "- " + _("Late (minuted, not counted)") + f": {_who(a.late, doc.names)}",
            "- " + quorum_line(a),
        ]
    out += ["", f"## {_('Minutes')}", "", doc.text, ""]
    if doc.review is not None and doc.review.corrections:
        out += ["## " + _("Corrections") + "", ""]
        for c in doc.review.corrections:
            out.append(
                f"- {c.id}. {c.text} ({doc.names.get(c.member_id, c.member_id)}): "
                f"**{decision(c)}**" + (f": {c.reason}" if c.reason else "")
            )
        out.append("")
    out += ["## " + _("Motions decided") + "", ""]
    if doc.motions:
        out += [
            "| " + " | ".join(motion_head()) + " |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for m in doc.motions:
            cells = [m.id, m.title, m.kind, m.outcome, m.yes, m.no, m.abstain, ", ".join(m.recused)]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    else:
        out.append(_("No motion was decided while the meeting sat."))
    out += ["", f"## {_('Follow-up actions')}", ""]
    if doc.actions:
        for action in doc.actions:
            motion = f"{_('motion')} {action.motion_id}; " if action.motion_id else ""
            out.append(
                f"- {action.description} ({motion}{action.owner}; {action.due}; {action.state})"
            )
    else:
        out.append(_("No follow-up actions."))
    return "\n".join(out) + "\n"


CSS = (
    "body{font-family:Georgia,serif;max-width:48em;margin:2em auto;color:#111}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;"
    "text-align:left}pre{white-space:pre-wrap;font-family:inherit}"
    "@media print{body{margin:0;max-width:none}a{color:inherit}}"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(cls: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def to_html(doc: MinutesDocument, lang: str = "en") -> str:
    parts = [
        f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
        f"<title>{_e(_('Minutes'))}: {_e(doc.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(_('Minutes'))}: {_e(doc.title)}</h1>",
        f'<p class="meta">{_e(doc.pool)} · <code>{_e(doc.key)}</code> · '
        f"{_e(doc.starts.isoformat())}</p>",
        f'<p class="status">{_e(doc.status)}</p>',
        f"<h2>{_e(_('Attendance'))}</h2>",
    ]
    a = doc.attendance
    if a is None:
        parts.append(f'<p class="quorum">{_e(_("No quorum was recorded."))}</p>')
    else:
        rows = [[doc.names.get(m, m), _("present")] for m in a.present]
        rows += [[doc.names.get(m, m), _("late")] for m in a.late]
        parts.append(_table("attendance", [_("Member"), _("Attendance")], rows))
        parts.append(f'<p class="quorum">{_e(quorum_line(a))}</p>')
    parts += [f"<h2>{_e(_('Minutes'))}</h2>", f'<pre class="text">{_e(doc.text)}</pre>']
    if doc.review is not None and doc.review.corrections:
        rows = [
            [str(c.id), c.text, doc.names.get(c.member_id, c.member_id), decision(c), c.reason]
            for c in doc.review.corrections
        ]
        head = [_("Number"), _("Correction"), _("Member"), _("Decision"), _("Reason")]
        parts += [f"<h2>{_e(_('Corrections'))}</h2>", _table("corrections", head, rows)]
    parts.append(f"<h2>{_e(_('Motions decided'))}</h2>")
    if doc.motions:
        head = motion_head()
        rows = [
            [m.id, m.title, m.kind, m.outcome, m.yes, m.no, m.abstain, ", ".join(m.recused)]
            for m in doc.motions
        ]
        parts.append(_table("motions", head, rows))
    else:
        parts.append(f"<p>{_e(_('No motion was decided while the meeting sat.'))}</p>")
    parts.append(f"<h2>{_e(_('Follow-up actions'))}</h2>")
    if doc.actions:
        head = [_("Action"), _("Motion"), _("Owner"), _("Due"), _("State")]
        rows = [[x.description, x.motion_id, x.owner, x.due, x.state] for x in doc.actions]
        parts.append(_table("actions", head, rows))
    else:
        parts.append(f'<p class="actions">{_e(_("No follow-up actions."))}</p>')
    parts.append("</body></html>\n")
    return "".join(parts)
