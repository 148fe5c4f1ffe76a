"""The agenda of one meeting occurrence (``meetings[].agenda_closes``, ``competition_notice``).

Members propose items until ``agenda_closes`` before the start; then the agenda is frozen and
posted. It always opens with the charter's competition-law notice, and lists the pool's open
motions and open complaints, complaints by id, category and status only: their content is
confidential and never reaches an agenda.

Times are instants: ``agenda_closes`` is elapsed time before the start (``2d`` is 48 hours, also
across a daylight-saving change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from governance.charter import Meeting
from governance.errors import AgendaClosed, AgendaItemInvalid
from governance.meetings.occurrences import require_aware
from governance.texts import N_

MAX_ITEM_LENGTH = 1000  # characters; an item is a line on the agenda, not a paper


def agenda_closes_at(occurrence_start: datetime, meeting: Meeting) -> datetime:
    """``meetings[].agenda_closes``: the instant (UTC) after which no item is accepted."""
    require_aware("occurrence_start", occurrence_start)
    return occurrence_start.astimezone(UTC) - meeting.agenda_closes


@dataclass(frozen=True)
class AgendaItem:
    """An item a member proposes; ``by_user`` is the representative who proposed it."""

    member_id: str
    text: str
    proposed_at: datetime
    by_user: str


@dataclass(frozen=True)
class OpenMotion:
    """A motion open for votes, listed on the agenda automatically."""

    id: str
    kind: str
    title: str
    closes_at: datetime


@dataclass(frozen=True)
class OpenComplaint:
    """An open complaint as the agenda may show it: never its content."""

    id: str
    category: str
    status: str


@dataclass(frozen=True)
class OpenAction:
    """An open follow-up action, listed on the agenda automatically (``template_key``: a
    default's wording, shown translated)."""

    id: int
    description: str
    owner: str
    due_at: datetime
    motion_id: str | None = None
    template_key: str | None = None


@dataclass(frozen=True)
class Agenda:
    """The agenda of one occurrence, in the order it is read: the notice first, then the items
    members proposed (in the order proposed), then open motions, then open complaints."""

    occurrence_key: str
    competition_notice: str
    items: tuple[AgendaItem, ...] = ()
    open_motions: tuple[OpenMotion, ...] = ()
    open_complaints: tuple[OpenComplaint, ...] = ()
    frozen_at: datetime | None = None
    open_actions: tuple[OpenAction, ...] = ()

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


def propose_item(agenda: Agenda, item: AgendaItem, now: datetime, closes_at: datetime) -> Agenda:
    """The agenda with ``item`` added (its text trimmed).

    Refused with :class:`AgendaClosed` at or after ``closes_at`` (an item at 09:59:59 for a 10:00
    deadline is accepted, one at 10:00:00 is not) or once the agenda is frozen, and with
    :class:`AgendaItemInvalid` when the text is empty or longer than :data:`MAX_ITEM_LENGTH`.
    """
    require_aware("now", now)
    require_aware("closes_at", closes_at)
    if agenda.frozen or now >= closes_at:
        raise AgendaClosed(agenda.occurrence_key, closes_at)
    text = item.text.strip()
    if not text:
        raise AgendaItemInvalid(agenda.occurrence_key, "it has no text")
    if len(text) > MAX_ITEM_LENGTH:
        raise AgendaItemInvalid(
            agenda.occurrence_key,
            N_("it is {length} characters long, more than {limit}"),
            length=len(text),
            limit=MAX_ITEM_LENGTH,
        )
    return replace(agenda, items=(*agenda.items, replace(item, text=text)))


def with_open_business(
    agenda: Agenda,
    motions: Iterable[OpenMotion],
    complaints: Iterable[OpenComplaint],
    actions: Iterable[OpenAction] = (),
) -> Agenda:
    """The agenda listing the pool's open motions and complaints (sorted by id).

    A frozen agenda keeps what it listed when it froze: it is a record of what was put before the
    meeting.
    """
    if agenda.frozen:
        return agenda
    return replace(
        agenda,
        open_motions=tuple(sorted(motions, key=lambda m: m.id)),
        open_complaints=tuple(sorted(complaints, key=lambda c: c.id)),
        open_actions=tuple(sorted(actions, key=lambda a: (a.due_at, a.id))),
    )


def freeze(agenda: Agenda, now: datetime) -> Agenda:
    """The agenda closed to new items as of ``now``; freezing a frozen agenda changes nothing."""
    require_aware("now", now)
    if agenda.frozen:
        return agenda
    return replace(agenda, frozen_at=now)
