"""Block Kit for meetings: reminders with the RSVP buttons and forecast, the frozen agenda, the
check-in, the recorded quorum, minutes, and the ``/meeting`` answers.

Pure functions of governance values; ``names`` maps member ids to names from the register. Every
button carries the occurrence key, which never changes when the occurrence moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import N_, _, local, t, tn
from bot.i18n.formats import format_datetime
from bot.slack import follow_ups
from bot.slack.complaint_blocks import status_word
from bot.slack.date_words import date_token, duration
from bot.slack.mrkdwn import (
    SECTION_LIMIT,
    Block,
    Mrkdwn,
    channel,
    clip,
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
from bot.slack.wording import bar, competition_notice, percent
from governance.charter import MotionKind
from governance.meetings.agenda import Agenda
from governance.meetings.attendance import AttendanceResult, Forecast
from governance.meetings.occurrences import Occurrence, OccurrenceStatus
from governance.meetings.ports import AttendanceRecord, MinutesRecord

__all__ = ["SECTION_LIMIT", "Block", "context", "header", "section"]

Message = tuple[Mrkdwn, list[Block]]
ATTENDING = "meeting_attending"
NOT_ATTENDING = "meeting_not_attending"
CHECK_IN = "meeting_check_in"
MINUTES_CALLBACK = "meeting_minutes"
MINUTES_FIELD = "minutes"
#: the minutes form's "then add a follow-up action" box
THEN_ACTION_FIELD = "then_action"
MAX_LINES = 40


def _button(action_id: str, text: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": plain_text(text),
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _names(ids: Sequence[str], names: Mapping[str, str]) -> Mrkdwn:
    return t(", ").join(names.get(i, i) for i in ids) or t("nobody yet")


def when_line(occurrence: Occurrence) -> Mrkdwn:
    wall = occurrence.local_start
    return t(
        "{starts} ({pool_time} {zone}, pool time), for {length} in {channel}",
        starts=date_token(occurrence.starts),
        pool_time=format_datetime(wall),
        zone=wall.tzname() or "",
        length=duration(occurrence.ends - occurrence.starts),
        channel=channel(occurrence.channel),
    )


def forecast_line(outlook: Forecast, names: Mapping[str, str]) -> Mrkdwn:
    verdict = _("quorum expected") if outlook.met else _("quorum not yet expected")
    absent = _names(outlook.not_attending, names) if outlook.not_attending else md("—")
    return t(
        "*Forecast*: {bar} {attending} of the register's weight attending, quorum {quorum}: "
        "{verdict}.\nAttending: {present}\nNot attending: {absent}",
        bar=bar(outlook.attending_weight, outlook.quorum_weight),
        attending=percent(outlook.attending_weight),
        quorum=percent(outlook.quorum_weight),
        verdict=verdict,
        present=_names(outlook.attending, names),
        absent=absent,
    )


def reminder_message(
    occurrence: Occurrence, offset: timedelta | None, outlook: Forecast, names: Mapping[str, str]
) -> Message:
    """The reminder in the meeting's channel; refreshed (``offset`` None) as members answer."""
    title = local(occurrence.title)
    if offset is None:
        text = t("Reminder: {title}: the attendance forecast changed", title=title)
    else:
        text = t("Reminder: {title} starts in {offset}", title=title, offset=duration(offset))
    blocks = [
        header(_("Reminder: {title}").format(title=title)),
        section(t("*Starts* {when}", when=when_line(occurrence))),
        section(forecast_line(outlook, names)),
        {
            "type": "actions",
            "block_id": f"rsvp:{occurrence.key}"[:255],
            "elements": [
                _button(ATTENDING, _("Attending"), occurrence.key, "primary"),
                _button(NOT_ATTENDING, _("Not attending"), occurrence.key),
            ],
        },
        context(
            t(
                "Any representative answers for their member; the latest answer counts. "
                "Meeting {key}",
                key=code(occurrence.key),
            )
        ),
    ]
    return text, blocks


def _numbered(rows: Sequence[Mrkdwn]) -> Mrkdwn:
    shown = [md("{}. {}", n, row) for n, row in enumerate(rows[:MAX_LINES], 1)]
    if len(rows) > MAX_LINES:
        more = len(rows) - MAX_LINES
        shown.append(tn("… and {n} more", "… and {n} more", more, n=more))
    return lines(shown)


def _listed(title: Mrkdwn, rows: Sequence[Mrkdwn]) -> Block:
    return section(md("{}\n{}", title, _numbered(rows) or t("None.")))


#: how the agenda names a motion's kind (the enum value, in words)
KIND_WORDS = {
    MotionKind.ADMISSION: N_("admission"),
    MotionKind.WITHDRAWAL: N_("withdrawal"),
    MotionKind.EXPULSION: N_("expulsion"),
    MotionKind.FEE_CHANGE: N_("fee change"),
    MotionKind.DISTRIBUTION_CHANGE: N_("distribution change"),
    MotionKind.CHARTER_AMENDMENT: N_("charter amendment"),
    MotionKind.GENERAL: N_("general"),
}


#: how the agenda names an open complaint's category (the enum value, as it is)
CATEGORY_WORDS = {
    "licensing_practice": N_("licensing_practice"),
    "fee_calculation": N_("fee_calculation"),
    "revenue_distribution": N_("revenue_distribution"),
    "discriminatory_licensing": N_("discriminatory_licensing"),
    "information_disclosure": N_("information_disclosure"),
    "conflict_of_interest": N_("conflict_of_interest"),
    "conduct": N_("conduct"),
    "other": N_("other"),
}


def category_word(category: str) -> str:
    return _(CATEGORY_WORDS[category]) if category in CATEGORY_WORDS else category


def _kind(kind: str) -> str:
    try:
        return _(KIND_WORDS[MotionKind(kind)])
    except ValueError:
        return kind.replace("_", " ")


def agenda_blocks(occurrence: Occurrence, agenda: Agenda, names: Mapping[str, str]) -> Message:
    """The agenda, opening with the competition-law notice, as posted when it freezes."""
    title = local(occurrence.title)
    if agenda.frozen:
        heading = _("Agenda (frozen): {title}").format(title=title)
    else:
        heading = _("Agenda (so far): {title}").format(title=title)
    blocks = [
        header(heading),
        section(t(":scales: {notice}", notice=competition_notice(agenda.competition_notice))),
        section(t("*Starts* {when}", when=when_line(occurrence))),
    ]
    items = [
        t("{item} _({member})_", item=i.text, member=names.get(i.member_id, i.member_id))
        for i in agenda.items
    ]
    blocks.append(_listed(t("*Items proposed by members*"), items))
    motions = [
        t(
            "Motion {motion} ({kind}): {title}, voting closes {closes}",
            motion=m.id,
            kind=_kind(m.kind),
            title=m.title,
            closes=date_token(m.closes_at),
        )
        for m in agenda.open_motions
    ]
    blocks.append(_listed(t("*Open motions*"), motions))
    complaints = [
        t(
            "Complaint {complaint}: {category}, {status}",
            complaint=c.id,
            category=category_word(c.category),
            status=status_word(c.status),
        )
        for c in agenda.open_complaints
    ]
    blocks.append(_listed(t("*Open complaints*"), complaints))
    blocks += follow_ups.agenda_section(agenda)  # open follow-up actions, overdue marked
    return t("Agenda of {title} ({key})", title=title, key=occurrence.key), blocks


def check_in_message(
    occurrence: Occurrence,
    so_far: AttendanceResult,
    names: Mapping[str, str],
    record: AttendanceRecord | None,
    open_: bool,
) -> Message:
    """At the start: the check-in button and who is present so far."""
    said = [
        t(
            "*Present*: {present} ({weight} of the register's weight; quorum {quorum})",
            present=_names(so_far.present, names),
            weight=percent(so_far.present_weight),
            quorum=percent(so_far.quorum_weight),
        )
    ]
    if so_far.late:
        said.append(t("*Late* (minuted, not counted): {late}", late=_names(so_far.late, names)))
    if record is not None:
        if record.result.quorum_met:
            said.append(t("Quorum recorded: *met*."))
        else:
            said.append(t("Quorum recorded: *not met*."))
    title = local(occurrence.title)
    blocks = [header(_("{title} has started").format(title=title)), section(lines(said))]
    if open_:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"check-in:{occurrence.key}"[:255],
                "elements": [_button(CHECK_IN, _("Check in"), occurrence.key, "primary")],
            }
        )
        blocks.append(context(t("A representative checks in for their member.")))
    return t("{title} has started: check in", title=title), blocks


def attendance_text(
    occurrence: Occurrence, record: AttendanceRecord, names: Mapping[str, str]
) -> Mrkdwn:
    result = record.result
    said = dict(
        title=local(occurrence.title),
        key=code(occurrence.key),
        weight=percent(result.present_weight),
        quorum=percent(result.quorum_weight),
        present=_names(result.present, names),
    )
    if result.quorum_met:
        text = t(
            ":white_check_mark: Quorum met for {title} ({key}): present {weight} of the "
            "register's weight against a quorum of {quorum}. Present: {present}.",
            **said,
        )
    else:
        text = t(
            ":warning: Quorum not met for {title} ({key}): present {weight} of the "
            "register's weight against a quorum of {quorum}. Present: {present}.",
            **said,
        )
    if result.late:
        text += t(" Late: {late}.", late=_names(result.late, names))
    return text + t(
        " Audit entry {seq} {hash}.", seq=record.audit_seq, hash=code(record.audit_hash[:16])
    )


def minutes_message(record: MinutesRecord) -> Message:
    if record.motions:
        motions = t(", ").join(_("motion {motion}").format(motion=m) for m in record.motions)
    else:
        motions = t("none")
    title = local(record.title)
    blocks = [
        header(_("Minutes: {title}").format(title=title)),
        context(
            t(
                "Meeting {key} of {starts}",
                key=code(record.occurrence_key),
                starts=date_token(record.starts),
            )
        ),
        section(plain(record.text)),
        section(t("*Motions decided in the meeting*: {motions}", motions=motions)),
        context(
            t(
                "Recorded by {who}; audit entry {seq}.",
                who=mention(record.recorded_by),
                seq=record.audit_seq,
            )
        ),
    ]
    return t("Minutes of {title} ({key})", title=title, key=record.occurrence_key), blocks


def minutes_list(records: Sequence[MinutesRecord]) -> list[Block]:
    if not records:
        return [section(t("No minutes are recorded yet."))]
    blocks = [header(_("Minutes"))]
    for record in records[:20]:
        motions = t(", ").join(record.motions) or t("none")
        blocks.append(
            section(
                t(
                    "*{title}* {key} ({starts})\n{text}\n_Motions decided_: {motions}",
                    title=local(record.title),
                    key=code(record.occurrence_key),
                    starts=date_token(record.starts),
                    text=clip(plain(record.text), 600),
                    motions=motions,
                )
            )
        )
    return blocks


def status_note(status: OccurrenceStatus) -> Mrkdwn:
    """What ``/meeting next`` says after an occurrence's title, if it is not as scheduled."""
    if status is OccurrenceStatus.CANCELLED:
        return t(" — *cancelled*")
    if status is OccurrenceStatus.MOVED:
        return t(" — *moved*")
    if status is OccurrenceStatus.ONE_OFF:
        return t(" — one-off")
    return md("")


def next_blocks(occurrences: Sequence[Occurrence]) -> list[Block]:
    if not occurrences:
        return [section(t("No meetings are scheduled."))]
    shown = []
    for o in occurrences:
        shown.append(
            md("*{}*{}\n{}\n{}", local(o.title), status_note(o.status), when_line(o), code(o.key))
        )
    return [header(_("Next meetings")), *(section(line) for line in shown[:20])]


def _reason(reason: str) -> Mrkdwn:
    return t(" Reason: {reason}", reason=reason) if reason else md("")


def added_text(occurrence: Occurrence) -> Mrkdwn:
    """The channel's notice of a meeting the operator added."""
    return t(
        ":calendar: *{title}* added: {when}.",
        title=local(occurrence.title),
        when=when_line(occurrence),
    )


def moved_text(occurrence: Occurrence, reason: str) -> Mrkdwn:
    """The channel's notice of a moved meeting, with the operator's reason as typed."""
    said = t(
        ":calendar: *{title}* moved to {when}.",
        title=local(occurrence.title),
        when=when_line(occurrence),
    )
    return said + _reason(reason)


def cancelled_text(occurrence: Occurrence, reason: str) -> Mrkdwn:
    """The channel's notice of a cancelled meeting, with the operator's reason as typed."""
    said = t(
        ":no_entry: *{title}* of {when} is cancelled.",
        title=local(occurrence.title),
        when=when_line(occurrence),
    )
    return said + _reason(reason)


def item_added_text(occurrence: Occurrence, item: str, closes_at: datetime) -> Mrkdwn:
    """The proposer's private answer to ``/agenda add``."""
    return t(
        "Added to the agenda of *{title}* ({key}): {item}\nThe agenda closes {closes}.",
        title=local(occurrence.title),
        key=code(occurrence.key),
        item=item,
        closes=date_token(closes_at),
    )


def rsvp_text(name: str, attending: bool, key: str) -> Mrkdwn:
    if attending:
        return t("Recorded: {member} is *attending* {key}.", member=name, key=code(key))
    return t("Recorded: {member} is *not attending* {key}.", member=name, key=code(key))


def check_in_text(name: str, key: str, *, first: bool, late: bool) -> Mrkdwn:
    if not first:
        return t("{member} was already checked in to {key}.", member=name, key=code(key))
    if late:
        return t(
            "{member} is checked in to {key}, late: minuted, not counted for the quorum.",
            member=name,
            key=code(key),
        )
    return t("{member} is checked in to {key}.", member=name, key=code(key))


def minutes_modal(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": MINUTES_CALLBACK,
        "private_metadata": occurrence.key,
        "title": {"type": "plain_text", "text": _("Record minutes")},
        "submit": {"type": "plain_text", "text": _("Record")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [
            section(
                t(
                    "*{title}*, {starts}",
                    title=local(occurrence.title),
                    starts=date_token(occurrence.starts),
                )
            ),
            {
                "type": "input",
                "block_id": MINUTES_FIELD,
                "label": {"type": "plain_text", "text": _("Minutes")},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 2900,
                },
            },
            {
                "type": "input",
                "block_id": THEN_ACTION_FIELD,
                "optional": True,
                "label": {"type": "plain_text", "text": _("Follow-up actions")},
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [
                        {
                            "text": {
                                "type": "plain_text",
                                "text": _("Then add a follow-up action"),
                            },
                            "value": "yes",
                        }
                    ],
                },
            },
        ],
    }
