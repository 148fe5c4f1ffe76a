"""The pool's meetings (``meetings[]``): occurrences, agendas, attendance and reminders.

The rules are pure: every function that depends on time takes ``now``. Expanding a meeting's
``rrule`` into occurrences needs python-dateutil and so happens in ``bot/calendar.py``; the values
it yields live here.

- :mod:`~governance.meetings.occurrences`: :class:`Occurrence` and the operator's overrides.
- :mod:`~governance.meetings.agenda`: proposing items until the agenda closes, freezing it.
- :mod:`~governance.meetings.attendance`: RSVPs and the quorum forecast, check-in and quorum.
- :mod:`~governance.meetings.reminders`: which meeting or vote reminder is due, once.
"""

from __future__ import annotations

from governance.meetings.agenda import (
    MAX_ITEM_LENGTH,
    Agenda,
    AgendaItem,
    OpenComplaint,
    OpenMotion,
    agenda_closes_at,
    freeze,
    propose_item,
    with_open_business,
)
from governance.meetings.attendance import (
    RSVP,
    AttendanceResult,
    CheckIn,
    Forecast,
    check_in_closes_at,
    forecast,
    latest_rsvps,
    present,
    quorum_weight,
)
from governance.meetings.occurrences import (
    Cancelled,
    Moved,
    Occurrence,
    OccurrenceStatus,
    OneOff,
    Override,
    occurrence_key,
    one_off_key,
)
from governance.meetings.reminders import (
    ReminderDue,
    reminder_plan,
    reminders_due,
    vote_reminders_due,
)

__all__ = [
    "MAX_ITEM_LENGTH",
    "RSVP",
    "Agenda",
    "AgendaItem",
    "AttendanceResult",
    "Cancelled",
    "CheckIn",
    "Forecast",
    "Moved",
    "Occurrence",
    "OccurrenceStatus",
    "OneOff",
    "OpenComplaint",
    "OpenMotion",
    "Override",
    "ReminderDue",
    "agenda_closes_at",
    "check_in_closes_at",
    "forecast",
    "freeze",
    "latest_rsvps",
    "occurrence_key",
    "one_off_key",
    "present",
    "propose_item",
    "quorum_weight",
    "reminder_plan",
    "reminders_due",
    "vote_reminders_due",
    "with_open_business",
]
