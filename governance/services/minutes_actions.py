"""Follow-up actions added from a meeting's minutes: the operator records what the meeting agreed
to do, linked to the occurrence (and, if it says so, to a motion decided while it sat).

The step takes the minutes' lock first, as every step on minutes does, so an approval cannot slip
in between the check and the insert: once the minutes are approved they take no more actions
(:func:`governance.minutes.lifecycle.check_takes_actions`). The action is recorded and audited
exactly as ``/action add``'s is (``action_created``), with ``source`` ``minutes`` and the
occurrence's key.
"""

from __future__ import annotations

from datetime import datetime

from governance.actions import Action, ActionInvalid, ActionSource, new_action
from governance.minutes import lifecycle as lc
from governance.ports import CharterParser, UnitOfWork
from governance.services.actions import record_action
from governance.services.common import attempt, current_charter, require_operator
from governance.services.minutes_review import MinutesUnknown, minutes_uow

#: what the operator alone may do (``NotAuthorised``'s action, translated where it is shown)
ADD_FROM_MINUTES = "add follow-up actions from the minutes"


def motions_of_minutes(uow: UnitOfWork, occurrence_key: str) -> tuple[str, ...]:
    """The motions the minutes of ``occurrence_key`` list as decided while the meeting sat."""
    with uow:
        records = uow.meetings.minutes(1, occurrence_key)
    return records[0].motions if records else ()


def add_to_minutes(
    uow: UnitOfWork,
    parse: CharterParser,
    now: datetime,
    actor: str,
    occurrence_key: str,
    description: str,
    owner: str,
    due: datetime,
    motion_id: str | None = None,
) -> Action:
    """The operator adds an action to the minutes of ``occurrence_key`` (a draft or out for
    review); ``motion_id``, if given, must be one of the motions those minutes list."""
    store = minutes_uow(uow)

    def work() -> Action:
        with store:
            store.minutes_reviews.lock()
            _, charter = current_charter(store, parse)
            require_operator(charter, actor, ADD_FROM_MINUTES)
            review = store.minutes_reviews.get(occurrence_key)
            records = store.meetings.minutes(1, occurrence_key)
            if review is None or not records:
                raise MinutesUnknown(occurrence_key)
            lc.check_takes_actions(review)
            if motion_id is not None and motion_id not in records[0].motions:
                raise ActionInvalid("motion", "is not a motion these minutes list", "motion")
            new = new_action(
                description,
                owner,
                due,
                ActionSource.MINUTES,
                motion_id=motion_id,
                occurrence_key=occurrence_key,
            )
            action = record_action(store, new, now, actor)
            store.commit()
            return action

    return attempt(work)
