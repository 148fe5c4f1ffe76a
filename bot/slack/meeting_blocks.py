"""Block Kit for meetings: reminders with the RSVP buttons and forecast, the frozen agenda, the
check-in, the recorded quorum, minutes, and the ``/meeting`` answers.

Pure functions of governance values; ``names`` maps member ids to names from the register. Every
button carries the occurrence key, which never changes when the occurrence moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from bot.slack.wording import bar, date_token, percent
from governance.meetings.agenda import Agenda
from governance.meetings.attendance import AttendanceResult, Forecast
from governance.meetings.occurrences import Occurrence, OccurrenceStatus
from governance.meetings.ports import AttendanceRecord, MinutesRecord
from governance.quantities import format_duration

Block = dict[str, Any]
ATTENDING = "meeting_attending"
NOT_ATTENDING = "meeting_not_attending"
CHECK_IN = "meeting_check_in"
MINUTES_CALLBACK = "meeting_minutes"
MINUTES_FIELD = "minutes"
SECTION_LIMIT = 3000
MAX_LINES = 40


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(text, 150)}}


def _button(action_id: str, text: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or "nobody yet"


def when_line(occurrence: Occurrence) -> str:
    local = occurrence.local_start
    zone = local.tzname() or ""
    return (
        f"{date_token(occurrence.starts)} ({local:%Y-%m-%d %H:%M} {zone}, pool time), "
        f"for {format_duration(occurrence.ends - occurrence.starts)} in <#{occurrence.channel}>"
    )


def forecast_line(outlook: Forecast, names: Mapping[str, str]) -> str:
    verdict = "quorum expected" if outlook.met else "quorum not yet expected"
    return (
        f"*Forecast*: {bar(outlook.attending_weight, outlook.quorum_weight)} "
        f"{percent(outlook.attending_weight)} of the register's weight attending, "
        f"quorum {percent(outlook.quorum_weight)}: {verdict}.\n"
        f"Attending: {_names(outlook.attending, names)}\n"
        f"Not attending: {_names(outlook.not_attending, names) if outlook.not_attending else '—'}"
    )


def reminder_message(
    occurrence: Occurrence, offset: timedelta | None, outlook: Forecast, names: Mapping[str, str]
) -> tuple[str, list[Block]]:
    """The reminder in the meeting's channel; refreshed (``offset`` None) as members answer."""
    if offset is None:
        text = f"Reminder: {occurrence.title}: the attendance forecast changed"
    else:
        text = f"Reminder: {occurrence.title} starts in {format_duration(offset)}"
    blocks = [
        header(f"Reminder: {occurrence.title}"),
        section(f"*Starts* {when_line(occurrence)}"),
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
            "Any representative answers for their member; the latest answer counts. "
            f"Meeting `{occurrence.key}`"
        ),
    ]
    return text, blocks


def _numbered(lines: Sequence[str]) -> str:
    shown = [f"{n}. {line}" for n, line in enumerate(lines[:MAX_LINES], 1)]
    if len(lines) > MAX_LINES:
        shown.append(f"… and {len(lines) - MAX_LINES} more")
    return "\n".join(shown)


def agenda_blocks(
    occurrence: Occurrence, agenda: Agenda, names: Mapping[str, str]
) -> tuple[str, list[Block]]:
    """The agenda, opening with the competition-law notice, as posted when it freezes."""
    state = "frozen" if agenda.frozen else "so far"
    blocks = [
        header(f"Agenda ({state}): {occurrence.title}"),
        section(f":scales: {agenda.competition_notice}"),
        section(f"*Starts* {when_line(occurrence)}"),
    ]
    items = [f"{i.text} _({names.get(i.member_id, i.member_id)})_" for i in agenda.items]
    blocks.append(section("*Items proposed by members*\n" + (_numbered(items) or "None.")))
    motions = [
        f"Motion {m.id} ({m.kind.replace('_', ' ')}): {m.title}, voting closes "
        f"{date_token(m.closes_at)}"
        for m in agenda.open_motions
    ]
    blocks.append(section("*Open motions*\n" + (_numbered(motions) or "None.")))
    complaints = [f"Complaint {c.id}: {c.category}, {c.status}" for c in agenda.open_complaints]
    blocks.append(section("*Open complaints*\n" + (_numbered(complaints) or "None.")))
    text = f"Agenda of {occurrence.title} ({occurrence.key})"
    return text, blocks


def check_in_message(
    occurrence: Occurrence,
    so_far: AttendanceResult,
    names: Mapping[str, str],
    record: AttendanceRecord | None,
    open_: bool,
) -> tuple[str, list[Block]]:
    """At the start: the check-in button and who is present so far."""
    present = _names(so_far.present, names)
    lines = [
        f"*Present*: {present} ({percent(so_far.present_weight)} of the register's weight; "
        f"quorum {percent(so_far.quorum_weight)})"
    ]
    if so_far.late:
        lines.append(f"*Late* (minuted, not counted): {_names(so_far.late, names)}")
    if record is not None:
        met = "met" if record.result.quorum_met else "not met"
        lines.append(f"Quorum recorded: *{met}*.")
    blocks = [
        header(f"{occurrence.title} has started"),
        section("\n".join(lines)),
    ]
    if open_:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"check-in:{occurrence.key}"[:255],
                "elements": [_button(CHECK_IN, "Check in", occurrence.key, "primary")],
            }
        )
        blocks.append(context("A representative checks in for their member."))
    return f"{occurrence.title} has started: check in", blocks


def attendance_text(
    occurrence: Occurrence, record: AttendanceRecord, names: Mapping[str, str]
) -> str:
    result = record.result
    verdict = ":white_check_mark: Quorum met" if result.quorum_met else ":warning: Quorum not met"
    text = (
        f"{verdict} for {occurrence.title} (`{occurrence.key}`): present "
        f"{percent(result.present_weight)} of the register's weight against a quorum of "
        f"{percent(result.quorum_weight)}. Present: {_names(result.present, names)}."
    )
    if result.late:
        text += f" Late: {_names(result.late, names)}."
    return text + f" Audit entry {record.audit_seq} `{record.audit_hash[:16]}`."


def minutes_message(record: MinutesRecord) -> tuple[str, list[Block]]:
    motions = ", ".join(f"motion {m}" for m in record.motions) or "none"
    blocks = [
        header(f"Minutes: {record.title}"),
        context(f"Meeting `{record.occurrence_key}` of {date_token(record.starts)}"),
        section(record.text),
        section(f"*Motions decided in the meeting*: {motions}"),
        context(f"Recorded by <@{record.recorded_by}>; audit entry {record.audit_seq}."),
    ]
    return f"Minutes of {record.title} ({record.occurrence_key})", blocks


def minutes_list(records: Sequence[MinutesRecord]) -> list[Block]:
    if not records:
        return [section("No minutes are recorded yet.")]
    blocks = [header("Minutes")]
    for record in records[:20]:
        motions = ", ".join(record.motions) or "none"
        blocks.append(
            section(
                f"*{record.title}* `{record.occurrence_key}` ({date_token(record.starts)})\n"
                f"{_clip(record.text, 600)}\n_Motions decided_: {motions}"
            )
        )
    return blocks


def next_blocks(occurrences: Sequence[Occurrence]) -> list[Block]:
    if not occurrences:
        return [section("No meetings are scheduled.")]
    lines = []
    for o in occurrences:
        note = {
            OccurrenceStatus.CANCELLED: " — *cancelled*",
            OccurrenceStatus.MOVED: " — *moved*",
            OccurrenceStatus.ONE_OFF: " — one-off",
        }.get(o.status, "")
        lines.append(f"*{o.title}*{note}\n{when_line(o)}\n`{o.key}`")
    return [header("Next meetings"), *(section(line) for line in lines[:20])]


def minutes_modal(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": MINUTES_CALLBACK,
        "private_metadata": occurrence.key,
        "title": {"type": "plain_text", "text": "Record minutes"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{occurrence.title}*, {date_token(occurrence.starts)}"),
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
