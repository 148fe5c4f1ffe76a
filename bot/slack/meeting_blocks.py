"""Block Kit for meetings: reminders with the RSVP buttons and forecast, the frozen agenda, the
check-in, the recorded quorum, minutes, and the ``/meeting`` answers.

Pure functions of governance values; ``names`` maps member ids to names from the register. Every
button carries the occurrence key, which never changes when the occurrence moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.slack import follow_ups
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
from bot.slack.wording import bar, date_token, percent
from governance.meetings.agenda import Agenda
from governance.meetings.attendance import AttendanceResult, Forecast
from governance.meetings.occurrences import Occurrence, OccurrenceStatus
from governance.meetings.ports import AttendanceRecord, MinutesRecord
from governance.quantities import format_duration

__all__ = ["SECTION_LIMIT", "Block", "context", "header", "section"]

Message = tuple[Mrkdwn, list[Block]]
ATTENDING = "meeting_attending"
NOT_ATTENDING = "meeting_not_attending"
CHECK_IN = "meeting_check_in"
MINUTES_CALLBACK = "meeting_minutes"
MINUTES_FIELD = "minutes"
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
    return md(", ").join(names.get(i, i) for i in ids) or md("nobody yet")


def when_line(occurrence: Occurrence) -> Mrkdwn:
    local = occurrence.local_start
    zone = local.tzname() or ""
    return md(
        "{} ({} {}, pool time), for {} in {}",
        date_token(occurrence.starts),
        f"{local:%Y-%m-%d %H:%M}",
        zone,
        format_duration(occurrence.ends - occurrence.starts),
        channel(occurrence.channel),
    )


def forecast_line(outlook: Forecast, names: Mapping[str, str]) -> Mrkdwn:
    verdict = "quorum expected" if outlook.met else "quorum not yet expected"
    absent = _names(outlook.not_attending, names) if outlook.not_attending else md("—")
    return md(
        "*Forecast*: {} {} of the register's weight attending, quorum {}: {}.\n"
        "Attending: {}\nNot attending: {}",
        bar(outlook.attending_weight, outlook.quorum_weight),
        percent(outlook.attending_weight),
        percent(outlook.quorum_weight),
        verdict,
        _names(outlook.attending, names),
        absent,
    )


def reminder_message(
    occurrence: Occurrence, offset: timedelta | None, outlook: Forecast, names: Mapping[str, str]
) -> Message:
    """The reminder in the meeting's channel; refreshed (``offset`` None) as members answer."""
    if offset is None:
        text = md("Reminder: {}: the attendance forecast changed", occurrence.title)
    else:
        text = md("Reminder: {} starts in {}", occurrence.title, format_duration(offset))
    blocks = [
        header(f"Reminder: {occurrence.title}"),
        section(md("*Starts* {}", when_line(occurrence))),
        section(forecast_line(outlook, names)),
        {
            "type": "actions",
            "block_id": f"rsvp:{occurrence.key}"[:255],
            "elements": [
                _button(ATTENDING, "Attending", occurrence.key, "primary"),
                _button(NOT_ATTENDING, "Not attending", occurrence.key),
            ],
        },
        context(
            md(
                "Any representative answers for their member; the latest answer counts. Meeting {}",
                code(occurrence.key),
            )
        ),
    ]
    return text, blocks


def _numbered(rows: Sequence[Mrkdwn]) -> Mrkdwn:
    shown = [md("{}. {}", n, row) for n, row in enumerate(rows[:MAX_LINES], 1)]
    if len(rows) > MAX_LINES:
        shown.append(md("… and {} more", len(rows) - MAX_LINES))
    return lines(shown)


def _listed(title: Mrkdwn, rows: Sequence[Mrkdwn]) -> Block:
    return section(md("{}\n{}", title, _numbered(rows) or md("None.")))


def agenda_blocks(occurrence: Occurrence, agenda: Agenda, names: Mapping[str, str]) -> Message:
    """The agenda, opening with the competition-law notice, as posted when it freezes."""
    state = "frozen" if agenda.frozen else "so far"
    blocks = [
        header(f"Agenda ({state}): {occurrence.title}"),
        section(md(":scales: {}", agenda.competition_notice)),
        section(md("*Starts* {}", when_line(occurrence))),
    ]
    items = [md("{} _({})_", i.text, names.get(i.member_id, i.member_id)) for i in agenda.items]
    blocks.append(_listed(md("*Items proposed by members*"), items))
    motions = [
        md(
            "Motion {} ({}): {}, voting closes {}",
            m.id,
            m.kind.replace("_", " "),
            m.title,
            date_token(m.closes_at),
        )
        for m in agenda.open_motions
    ]
    blocks.append(_listed(md("*Open motions*"), motions))
    complaints = [
        md("Complaint {}: {}, {}", c.id, c.category, c.status) for c in agenda.open_complaints
    ]
    blocks.append(_listed(md("*Open complaints*"), complaints))
    blocks += follow_ups.agenda_section(agenda)  # open follow-up actions, overdue marked
    return md("Agenda of {} ({})", occurrence.title, occurrence.key), blocks


def check_in_message(
    occurrence: Occurrence,
    so_far: AttendanceResult,
    names: Mapping[str, str],
    record: AttendanceRecord | None,
    open_: bool,
) -> Message:
    """At the start: the check-in button and who is present so far."""
    said = [
        md(
            "*Present*: {} ({} of the register's weight; quorum {})",
            _names(so_far.present, names),
            percent(so_far.present_weight),
            percent(so_far.quorum_weight),
        )
    ]
    if so_far.late:
        said.append(md("*Late* (minuted, not counted): {}", _names(so_far.late, names)))
    if record is not None:
        said.append(md("Quorum recorded: *{}*.", "met" if record.result.quorum_met else "not met"))
    blocks = [header(f"{occurrence.title} has started"), section(lines(said))]
    if open_:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"check-in:{occurrence.key}"[:255],
                "elements": [_button(CHECK_IN, "Check in", occurrence.key, "primary")],
            }
        )
        blocks.append(context(md("A representative checks in for their member.")))
    return md("{} has started: check in", occurrence.title), blocks


def attendance_text(
    occurrence: Occurrence, record: AttendanceRecord, names: Mapping[str, str]
) -> Mrkdwn:
    result = record.result
    verdict = ":white_check_mark: Quorum met" if result.quorum_met else ":warning: Quorum not met"
    text = md(
        "{} for {} ({}): present {} of the register's weight against a quorum of {}. Present: {}.",
        verdict,
        occurrence.title,
        code(occurrence.key),
        percent(result.present_weight),
        percent(result.quorum_weight),
        _names(result.present, names),
    )
    if result.late:
        text += md(" Late: {}.", _names(result.late, names))
    return text + md(" Audit entry {} {}.", record.audit_seq, code(record.audit_hash[:16]))


def minutes_message(record: MinutesRecord) -> Message:
    motions = ", ".join(f"motion {m}" for m in record.motions) or "none"
    blocks = [
        header(f"Minutes: {record.title}"),
        context(md("Meeting {} of {}", code(record.occurrence_key), date_token(record.starts))),
        section(plain(record.text)),
        section(md("*Motions decided in the meeting*: {}", motions)),
        context(
            md(
                "Recorded by {}; audit entry {}.",
                mention(record.recorded_by),
                record.audit_seq,
            )
        ),
    ]
    return md("Minutes of {} ({})", record.title, record.occurrence_key), blocks


def minutes_list(records: Sequence[MinutesRecord]) -> list[Block]:
    if not records:
        return [section(md("No minutes are recorded yet."))]
    blocks = [header("Minutes")]
    for record in records[:20]:
        motions = ", ".join(record.motions) or "none"
        blocks.append(
            section(
                md(
                    "*{}* {} ({})\n{}\n_Motions decided_: {}",
                    record.title,
                    code(record.occurrence_key),
                    date_token(record.starts),
                    clip(plain(record.text), 600),
                    motions,
                )
            )
        )
    return blocks


STATUS_NOTES = {
    OccurrenceStatus.CANCELLED: md(" — *cancelled*"),
    OccurrenceStatus.MOVED: md(" — *moved*"),
    OccurrenceStatus.ONE_OFF: md(" — one-off"),
}


def next_blocks(occurrences: Sequence[Occurrence]) -> list[Block]:
    if not occurrences:
        return [section(md("No meetings are scheduled."))]
    shown = []
    for o in occurrences:
        note = STATUS_NOTES.get(o.status, md(""))
        shown.append(md("*{}*{}\n{}\n{}", o.title, note, when_line(o), code(o.key)))
    return [header("Next meetings"), *(section(line) for line in shown[:20])]


def added_text(occurrence: Occurrence) -> Mrkdwn:
    """The channel's notice of a meeting the operator added."""
    return md(":calendar: *{}* added: {}.", occurrence.title, when_line(occurrence))


def moved_text(occurrence: Occurrence, reason: str) -> Mrkdwn:
    """The channel's notice of a moved meeting, with the operator's reason as typed."""
    said = md(":calendar: *{}* moved to {}.", occurrence.title, when_line(occurrence))
    return said + (md(" Reason: {}", reason) if reason else md(""))


def cancelled_text(occurrence: Occurrence, reason: str) -> Mrkdwn:
    """The channel's notice of a cancelled meeting, with the operator's reason as typed."""
    said = md(":no_entry: *{}* of {} is cancelled.", occurrence.title, when_line(occurrence))
    return said + (md(" Reason: {}", reason) if reason else md(""))


def item_added_text(occurrence: Occurrence, item: str, closes_at: datetime) -> Mrkdwn:
    """The proposer's private answer to ``/agenda add``."""
    return md(
        "Added to the agenda of *{}* ({}): {}\nThe agenda closes {}.",
        occurrence.title,
        code(occurrence.key),
        item,
        date_token(closes_at),
    )


def rsvp_text(name: str, attending: bool, key: str) -> Mrkdwn:
    word = "attending" if attending else "not attending"
    return md("Recorded: {} is *{}* {}.", name, word, code(key))


def check_in_text(name: str, key: str, *, first: bool, late: bool) -> Mrkdwn:
    if not first:
        return md("{} was already checked in to {}.", name, code(key))
    if late:
        return md(
            "{} is checked in to {}, late: minuted, not counted for the quorum.", name, code(key)
        )
    return md("{} is checked in to {}.", name, code(key))


def minutes_modal(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": MINUTES_CALLBACK,
        "private_metadata": occurrence.key,
        "title": {"type": "plain_text", "text": "Record minutes"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(md("*{}*, {}", occurrence.title, date_token(occurrence.starts))),
            {
                "type": "input",
                "block_id": MINUTES_FIELD,
                "label": {"type": "plain_text", "text": "Minutes"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 2900,
                },
            },
        ],
    }
