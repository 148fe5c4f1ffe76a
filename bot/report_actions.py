"""The compliance report's follow-up actions: how many were created in the period, by where they
came from, and how many were done on time, done late, still open, and overdue (as of the report's
cutoff). The CSV header stays English whatever the language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import _
from governance.actions import Action, ActionSource
from governance.ports import UnitOfWork
from governance.services.actions import all_actions

HEADER = ("source", "created", "done_on_time", "done_late", "open", "overdue")


def action_rows(
    actions: Sequence[Action], start: date, end: date, zone: ZoneInfo, cutoff: datetime
) -> tuple[tuple[str, ...], ...]:
    within = [a for a in actions if start <= a.created_at.astimezone(zone).date() <= end]
    rows = []
    for source in ActionSource:
        mine = [a for a in within if a.source is source]
        tally: Counter[str] = Counter()
        for a in mine:
            if a.done_at is not None and a.done_at <= cutoff:
                tally["done_on_time" if a.done_at <= a.due_at else "done_late"] += 1
            else:
                tally["open"] += 1
                if cutoff >= a.due_at:
                    tally["overdue"] += 1
        if mine:
            rows.append((source.value, str(len(mine)), *(str(tally[k]) for k in HEADER[2:])))
    return tuple(rows)


def action_table_parts(
    reader: UnitOfWork, start: date, end: date, zone: ZoneInfo, cutoff: datetime
) -> tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The table's file stem, title, header and rows (:class:`bot.report.Table` builds it)."""
    rows = action_rows(all_actions(reader), start, end, zone, cutoff)
    return "actions", _("Follow-up actions"), HEADER, rows
