"""The agenda of an occurrence (``meetings[].agenda_closes``, ``competition_notice``).

Representatives propose items until the agenda closes; the freezing job then records the agenda as
it stands, with the pool's open motions and open complaints, in the audit chain. Only the first
freezer wins (``INSERT … ON CONFLICT DO NOTHING``), and only it gets the event to post.
"""

from __future__ import annotations

from datetime import datetime

from governance.errors import NotAuthorised
from governance.meetings.agenda import (
    Agenda,
    AgendaItem,
    OpenAction,
    OpenMotion,
    agenda_closes_at,
    freeze,
    propose_item,
    with_open_business,
)
from governance.meetings.commands import FreezeAgenda, ProposeAgendaItem
from governance.meetings.errors import NoOpenAgenda, OccurrenceCancelled
from governance.meetings.events import AgendaFrozen, AgendaItemProposed
from governance.meetings.ports import MeetingCalendar
from governance.motion import MotionState
from governance.ports import CharterParser, UnitOfWork
from governance.services.common import attempt, current_charter
from governance.services.meetings import Scene, meeting_rules, scene, utc_text

NEXT_AGENDAS = 20  # how many upcoming occurrences `/agenda add` looks through


def _live_agenda(uow: UnitOfWork, found: Scene) -> Agenda:
    key = found.occurrence.key
    agenda = Agenda(key, found.charter.competition_notice, tuple(uow.meetings.agenda_items(key)))
    motions = [
        OpenMotion(s.motion.id, s.motion.kind.value, s.motion.title, s.motion.closes_at)
        for s in uow.motions.in_state(MotionState.OPEN)
    ]
    actions = [
        OpenAction(a.id, a.description, a.owner, a.due_at, a.motion_id, a.template_key)
        for a in uow.actions.open()
    ]
    return with_open_business(agenda, motions, uow.complaints.open_for_agenda(), actions)


def agenda_of(
    uow: UnitOfWork, parse: CharterParser, calendar: MeetingCalendar, key: str
) -> tuple[Scene, Agenda]:
    """The agenda as frozen, or as it stands so far."""
    with uow:
        found = scene(uow, parse, calendar, key)
        frozen = uow.meetings.frozen_agenda(key)
        return found, frozen if frozen is not None else _live_agenda(uow, found)


def _next_open(
    uow: UnitOfWork, parse: CharterParser, calendar: MeetingCalendar, now: datetime
) -> str:
    _, charter = current_charter(uow, parse)
    for occurrence in calendar.upcoming(charter, now, uow.meetings.overrides(), NEXT_AGENDAS):
        rules = meeting_rules(charter, occurrence)
        if not occurrence.cancelled and now < agenda_closes_at(occurrence.starts, rules):
            return occurrence.key
    raise NoOpenAgenda()


def propose_agenda_item(
    command: ProposeAgendaItem,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[AgendaItemProposed]:
    """``/agenda add``: a representative's item, until ``agenda_closes`` before the start."""

    def work() -> list[AgendaItemProposed]:
        with uow:
            key = command.occurrence_key or _next_open(uow, parse, calendar, now)
            found = scene(uow, parse, calendar, key)
            member_id = uow.register.member_for_user(command.actor)
            if member_id is None:
                raise NotAuthorised("propose agenda items", "members' representatives")
            if found.occurrence.cancelled:
                raise OccurrenceCancelled(key)
            closes_at = agenda_closes_at(found.occurrence.starts, found.meeting)
            agenda = uow.meetings.frozen_agenda(key) or Agenda(key, "")
            item = AgendaItem(member_id, command.text, now, command.actor)
            added = propose_item(agenda, item, now, closes_at).items[-1]
            uow.meetings.add_agenda_item(key, added)
            uow.commit()
            return [AgendaItemProposed(found.occurrence, added, closes_at)]

    return attempt(work)


def freeze_agenda(
    command: FreezeAgenda,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> list[AgendaFrozen]:
    """Freeze the agenda once its deadline has come; ``[]`` when it is not due, already frozen,
    or the occurrence was cancelled."""

    def work() -> list[AgendaFrozen]:
        with uow:
            found = scene(uow, parse, calendar, command.occurrence_key)
            occurrence = found.occurrence
            if occurrence.cancelled or now < agenda_closes_at(occurrence.starts, found.meeting):
                return []
            if uow.meetings.frozen_agenda(occurrence.key) is not None:
                return []
            agenda = freeze(_live_agenda(uow, found), now)
            entry = uow.audit.append(
                "agenda_frozen",
                {
                    "occurrence_key": occurrence.key,
                    "starts": utc_text(occurrence.starts),
                    "items": [
                        {"member_id": i.member_id, "text": i.text, "by": i.by_user}
                        for i in agenda.items
                    ],
                    "open_motions": [m.id for m in agenda.open_motions],
                    "open_complaints": [c.id for c in agenda.open_complaints],
                    "open_actions": [a.id for a in agenda.open_actions],
                },
                now,
            )
            if not uow.meetings.freeze_agenda(agenda, entry.seq):
                uow.rollback()
                return []
            uow.commit()
            return [AgendaFrozen(occurrence, agenda)]

    return attempt(work)
