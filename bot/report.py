"""The compliance report: motions, fee changes, complaints and meetings over a period.

Built from the database for the pool's records and for competition authorities. Every table is
plain rows (written as CSV beside the Markdown). Complaints appear only as counts by category and
status and as deadline performance: never their content, never who filed them.

The Markdown is in the language being spoken (titles, column names, the period, the motions'
kinds and rules); the CSV files are machine output and never change with it: English headers,
enum values as stored, rows built in English.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import N_, Language, Np_, _, language, local, pgettext, speaking
from bot.i18n.formats import format_count, format_date, format_datetime
from bot.report_actions import action_table_parts
from bot.slack.wording import KIND_LABELS, rule_sentence
from governance.complaints import Complaint, ComplaintCategory, ComplaintStatus, EscalationReason
from governance.kinds import FeeChange, PricingBasis
from governance.meetings.ports import AttendanceRecord
from governance.motion import MotionState
from governance.ports import CharterParser, StoredMotion, UnitOfWork
from governance.quantities import format_rational
from governance.services.complaint_queries import all_complaints
from governance.services.queries import charter_in_force

Row = tuple[str, ...]

#: The Markdown's name for each CSV column (the CSV header itself never changes).
_COLUMNS: dict[str, str] = {
    "motion": N_("motion"),
    "kind": N_("kind"),
    "title": N_("title"),
    "opened_at": N_("opened_at"),
    "closes_at": N_("closes_at"),
    "state": N_("state"),
    "quorum_met": N_("quorum_met"),
    "yes": N_("yes"),
    "no": N_("no"),
    "abstain": N_("abstain"),
    "eligible": N_("eligible"),
    "charter_version": N_("charter_version"),
    "rules": N_("rules"),
    "product_category": N_("product_category"),
    "current_royalty": N_("current_royalty"),
    "proposed_royalty": N_("proposed_royalty"),
    "effective_date": N_("effective_date"),
    "patent_quantity_and_value": N_("patent_quantity_and_value"),
    "contribution_to_product": N_("contribution_to_product"),
    "industry_margins": N_("industry_margins"),
    "lifecycle_stage": N_("lifecycle_stage"),
    "price_sensitivity": N_("price_sensitivity"),
    "judicial_precedents": N_("judicial_precedents"),
    "category": N_("category"),
    "status": N_("status"),
    "count": N_("count"),
    "deadline": N_("deadline"),
    "on time": N_("on time"),
    "missed": N_("missed"),
    "pending": N_("pending"),
    "not reached": N_("not reached"),
    "meeting": N_("meeting"),
    "attendance_recorded_at": N_("attendance_recorded_at"),
    "present_weight": N_("present_weight"),
    "quorum_weight": N_("quorum_weight"),
    "members_present": N_("members_present"),
    "present": N_("present"),
    "minutes": N_("minutes"),
}
#: columns whose English word means another thing in each table: (table, column) → its context
_IN_CONTEXT = {
    # a step of the operator's done after its deadline
    ("complaint_deadlines", "late"): Np_("done after the deadline", "late"),
    # a member checked in after the check-in closed
    ("meetings", "late"): Np_("checked in after the check-in closed", "late"),
}


def _column(table: str, name: str) -> str:
    """A column's name in the language being spoken (its CSV name when poolgov has no word)."""
    if (table, name) in _IN_CONTEXT:
        return pgettext(*_IN_CONTEXT[table, name])
    return _(_COLUMNS[name]) if name in _COLUMNS else name


_STEPS = {"acknowledge": N_("acknowledge"), "respond": N_("respond")}
MOTIONS_TITLE = N_("Motions and results")
FEES_TITLE = N_("Fee changes and their pricing basis")
COMPLAINTS_TITLE = N_("Complaints by category and status")
DEADLINES_TITLE = N_("Complaint deadline performance (the operator's steps)")
MEETINGS_TITLE = N_("Meetings held")
NO_MEETING = N_("no meeting had its attendance recorded in this period.")


@dataclass(frozen=True)
class Table:
    """One table of the report: ``header`` and ``rows`` are the CSV; ``shown`` the rows for
    people when they differ (in the language the report was built in)."""

    name: str  # the CSV file's stem
    title: str  # marked English, translated where shown
    header: Row
    rows: tuple[Row, ...]
    shown: tuple[Row, ...] | None = None

    def csv(self) -> str:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def markdown(self) -> str:
        """The table in Markdown, its column names in the language being spoken."""

        def cell(value: str) -> str:
            return value.replace("|", "\\|").replace("\n", " ")

        labels = [_column(self.name, name) for name in self.header]
        lines = [
            "| " + " | ".join(labels) + " |",
            "|" + "---|" * len(self.header),
        ]
        rows = self.rows if self.shown is None else self.shown
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    pool: str
    start: date
    end: date
    zone: str
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default=())

    def markdown(self) -> str:
        """The report in Markdown, in the language being spoken."""
        parts = [
            _("# Compliance report: {pool}").format(pool=local(self.pool)),
            _("Period: {start} to {end} (inclusive, dates in {zone}).").format(
                start=format_date(self.start), end=format_date(self.end), zone=self.zone
            ),
        ]
        for table in self.tables:
            parts.append(_("## {title}").format(title=_(table.title)))
            parts.append(table.markdown() if table.rows else _("_None in this period._"))
        parts += [_("_Note: {note}_").format(note=_(note)) for note in self.notes]
        return "\n\n".join(parts) + "\n"


def _within(instant: datetime, start: date, end: date, zone: ZoneInfo) -> bool:
    return start <= instant.astimezone(zone).date() <= end


def _when(instant: datetime, zone: ZoneInfo) -> str:
    """An instant as the CSV (and the English report) gives it, ISO 8601; for people reading
    another language, in the pool's time zone as they write it (``2027年3月1日 09:00``)."""
    if language() is Language.EN:
        return instant.isoformat()
    return format_datetime(instant, zone)


def _on(when: date) -> str:
    return when.isoformat() if language() is Language.EN else format_date(when)


def _motion_rows(motions: Sequence[StoredMotion], zone: ZoneInfo) -> tuple[Row, ...]:
    rows = []
    for stored in motions:
        motion, result = stored.motion, stored.result or {}
        totals = result.get("totals", {})
        rows.append(
            (
                motion.id,
                _(KIND_LABELS[motion.kind]),
                motion.title,
                _when(motion.opened_at, zone),
                _when(motion.closes_at, zone),
                motion.state.value,
                str(result.get("quorum_met", "")),
                *(str(totals.get(name, "")) for name in ("yes", "no", "abstain", "eligible")),
                str(motion.charter_version),
                rule_sentence(motion.rules, list(motion.electorate.recused)),
            )
        )
    return tuple(rows)


def _fee_rows(motions: Sequence[StoredMotion]) -> tuple[Row, ...]:
    rows = []
    for stored in motions:
        payload = stored.motion.payload
        if isinstance(payload, FeeChange):
            basis = tuple(getattr(payload.basis, f.name) for f in fields(PricingBasis))
            rows.append(
                (
                    stored.motion.id,
                    payload.product_category,
                    payload.current_royalty,
                    payload.proposed_royalty,
                    _on(payload.effective_date),
                    stored.motion.state.value,
                    *basis,
                )
            )
    return tuple(rows)


def _performance(complaint: Complaint, now: datetime, step: str) -> str:
    """on time, late, missed (escalated for it) or pending, for ``acknowledge`` or ``respond``."""
    done = complaint.acknowledged_at if step == "acknowledge" else complaint.answered_at
    due = complaint.acknowledge_by if step == "acknowledge" else complaint.respond_by
    missed = (
        EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED
        if step == "acknowledge"
        else EscalationReason.RESPOND_DEADLINE_MISSED
    )
    if done is not None:
        return "on time" if done <= due else "late"
    if complaint.escalation_reason is missed or (complaint.escalated_at and now > due):
        return "missed"
    if complaint.status is ComplaintStatus.ESCALATED:
        return "not reached"
    return "missed" if now > due else "pending"


def _complaint_tables(complaints: Sequence[Complaint], now: datetime) -> tuple[Table, Table]:
    counts = Counter((c.category, c.status) for c in complaints)
    count_rows = tuple(
        (category.value, status.value, format_count(counts[category, status]))
        for category in ComplaintCategory
        for status in ComplaintStatus
        if counts[category, status]
    )
    outcomes = ("on time", "late", "missed", "pending", "not reached")
    perf_rows = []
    for step in ("acknowledge", "respond"):
        tally = Counter(_performance(c, now, step) for c in complaints)
        perf_rows.append((_(_STEPS[step]), *(format_count(tally[o]) for o in outcomes)))
    return (
        Table("complaints", COMPLAINTS_TITLE, ("category", "status", "count"), count_rows),
        Table("complaint_deadlines", DEADLINES_TITLE, ("deadline", *outcomes), tuple(perf_rows)),
    )


def build_report(
    reader: UnitOfWork, parse: CharterParser, start: date, end: date, now: datetime
) -> Report:
    charter = charter_in_force(reader, parse).charter
    zone = charter.pool.timezone
    with reader as uow:
        held = [a for a in uow.meetings.attendances() if _within(a.recorded_at, start, end, zone)]
        minuted = {m.occurrence_key for m in uow.meetings.minutes(10_000)}
        motions = [
            stored
            for state in MotionState
            for stored in uow.motions.in_state(state)
            if _within(stored.motion.opened_at, start, end, zone)
        ]
    motions.sort(key=lambda s: int(s.motion.id))
    complaints = [c for c in all_complaints(reader) if _within(c.filed_at, start, end, zone)]
    cutoff = min(now, datetime.combine(end + timedelta(days=1), time(), zone))
    motion_header = (
        "motion", "kind", "title", "opened_at", "closes_at", "state", "quorum_met",
        "yes", "no", "abstain", "eligible", "charter_version", "rules",
    )  # fmt: skip
    fee_header = (
        "motion", "product_category", "current_royalty", "proposed_royalty", "effective_date",
        "state", *(f.name for f in fields(PricingBasis)),
    )  # fmt: skip

    def tables() -> tuple[Table, ...]:
        return (
            Table("motions", MOTIONS_TITLE, motion_header, _motion_rows(motions, zone)),
            Table("fee_changes", FEES_TITLE, fee_header, _fee_rows(motions)),
            *_complaint_tables(complaints, cutoff),
            Table("meetings", MEETINGS_TITLE, _MEETING_HEADER, _meeting_rows(held, minuted, zone)),
            Table(*action_table_parts(reader, start, end, zone, cutoff)),
        )

    with speaking(Language.EN):  # the CSV never changes with the language
        machine = tables()
    for_people = tables()
    return Report(
        pool=charter.pool.name,
        start=start,
        end=end,
        zone=zone.key,
        tables=tuple(
            table if shown.rows == table.rows else replace(table, shown=shown.rows)
            for table, shown in zip(machine, for_people, strict=True)
        ),
        notes=() if held else (NO_MEETING,),
    )


_MEETING_HEADER = (
    "meeting", "attendance_recorded_at", "quorum_met", "present_weight", "quorum_weight",
    "members_present", "present", "late", "minutes",
)  # fmt: skip


def _meeting_rows(
    held: Sequence[AttendanceRecord], minuted: set[str], zone: ZoneInfo
) -> tuple[Row, ...]:
    """Meetings with the quorum as recorded at check-in close (exact shares), and their minutes."""
    return tuple(
        (
            a.occurrence_key,
            _when(a.recorded_at, zone),
            "yes" if a.result.quorum_met else "no",
            format_rational(a.result.present_weight),
            format_rational(a.result.quorum_weight),
            format_count(len(a.result.present)),
            " ".join(a.result.present),
            " ".join(a.result.late),
            "recorded" if a.occurrence_key in minuted else "none",
        )
        for a in held
    )
