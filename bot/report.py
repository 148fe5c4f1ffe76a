"""The compliance report: motions, fee changes, complaints and meetings over a period.

Built from the database for the pool's records and for competition authorities. Every table is
plain rows (written as CSV beside the Markdown). Complaints appear only as counts by category and
status and as deadline performance: never their content, never who filed them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's stem
    title: str
    header: Row
    rows: tuple[Row, ...]

    def csv(self) -> str:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def markdown(self) -> str:
        def cell(value: str) -> str:
            return value.replace("|", "\\|").replace("\n", " ")

        lines = [
            "| " + " | ".join(self.header) + " |",
            "|" + "---|" * len(self.header),
        ]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows]
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
        parts = [
            f"# Compliance report: {self.pool}",
            f"Period: {self.start.isoformat()} to {self.end.isoformat()} "
            f"(inclusive, dates in {self.zone}).",
        ]
        for table in self.tables:
            parts.append(f"## {table.title}")
            parts.append(table.markdown() if table.rows else "_None in this period._")
        parts += [f"_Note: {note}_" for note in self.notes]
        return "\n\n".join(parts) + "\n"


def _within(instant: datetime, start: date, end: date, zone: ZoneInfo) -> bool:
    return start <= instant.astimezone(zone).date() <= end


def _motion_rows(motions: Sequence[StoredMotion]) -> tuple[Row, ...]:
    rows = []
    for stored in motions:
        motion, result = stored.motion, stored.result or {}
        totals = result.get("totals", {})
        rows.append(
            (
                motion.id,
                KIND_LABELS[motion.kind],
                motion.title,
                motion.opened_at.isoformat(),
                motion.closes_at.isoformat(),
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
                    payload.effective_date.isoformat(),
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
        (category.value, status.value, str(counts[category, status]))
        for category in ComplaintCategory
        for status in ComplaintStatus
        if counts[category, status]
    )
    outcomes = ("on time", "late", "missed", "pending", "not reached")
    perf_rows = []
    for step in ("acknowledge", "respond"):
        tally = Counter(_performance(c, now, step) for c in complaints)
        perf_rows.append((step, *(str(tally[o]) for o in outcomes)))
    return (
        Table(
            "complaints",
            "Complaints by category and status",
            ("category", "status", "count"),
            count_rows,
        ),
        Table(
            "complaint_deadlines",
            "Complaint deadline performance (the operator's steps)",
            ("deadline", *outcomes),
            tuple(perf_rows),
        ),
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
    return Report(
        pool=charter.pool.name,
        start=start,
        end=end,
        zone=zone.key,
        tables=(
            Table("motions", "Motions and results", motion_header, _motion_rows(motions)),
            Table(
                "fee_changes", "Fee changes and their pricing basis", fee_header, _fee_rows(motions)
            ),
            *_complaint_tables(complaints, cutoff),
            Table("meetings", "Meetings held", _MEETING_HEADER, _meeting_rows(held, minuted)),
            Table(*action_table_parts(reader, start, end, zone, cutoff)),
        ),
        notes=() if held else ("no meeting had its attendance recorded in this period.",),
    )


_MEETING_HEADER = (
    "meeting", "attendance_recorded_at", "quorum_met", "present_weight", "quorum_weight",
    "members_present", "present", "late", "minutes",
)  # fmt: skip


def _meeting_rows(held: Sequence[AttendanceRecord], minuted: set[str]) -> tuple[Row, ...]:
    """Meetings with the quorum as recorded at check-in close (exact shares), and their minutes."""
    return tuple(
        (
            a.occurrence_key,
            a.recorded_at.isoformat(),
            "yes" if a.result.quorum_met else "no",
            format_rational(a.result.present_weight),
            format_rational(a.result.quorum_weight),
            str(len(a.result.present)),
            " ".join(a.result.present),
            " ".join(a.result.late),
            "recorded" if a.occurrence_key in minuted else "none",
        )
        for a in held
    )
