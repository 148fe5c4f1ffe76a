"""A supervisor turns an escalated complaint into a motion: the pool's members decide.

Motions are otherwise the operator's to open (``operator.users``). A complaint escalated against
the operator cannot wait on the operator to table it, so this one service lets a supervisor open a
``general`` motion, with the charter's ``motions.general`` rules and the electorate frozen as for
any motion, and links it to the complaint in the same transaction: the complaint records the
motion id, and the chain records both steps (``motion_opened`` with ``complaint_id``, then
``complaint_to_motion``). The motion's title and text are the supervisor's public words; the
complaint's content is never copied into them. For an anonymous complaint the motion is recorded
as opened by ``supervisors``, so it does not point at the filer.
"""

from __future__ import annotations

from datetime import datetime

from governance.charter import MotionKind
from governance.complaints import ComplaintAction, lifecycle, require, viewer_of
from governance.electorate import freeze_electorate
from governance.errors import PayloadInvalid
from governance.events import MotionOpened
from governance.kinds import General, payload_to_dict
from governance.motion import Motion
from governance.ports import CharterParser, UnitOfWork
from governance.quantities import format_rational
from governance.rules_record import rules_to_dict
from governance.services.common import attempt, current_charter
from governance.services.complaint_commands import ComplaintMotionOpened, ComplaintToMotion
from governance.services.complaint_notices import enqueue_step_notices
from governance.services.complaints import audit_data, load, recorded_actor, require_sight
from governance.services.motions import enqueue_post
from governance.texts import N_

TITLE_LIMIT = 300


def complaint_to_motion(
    command: ComplaintToMotion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> tuple[ComplaintMotionOpened, MotionOpened]:
    """Open the general motion and link it to the complaint; refused unless escalated."""

    def work() -> tuple[ComplaintMotionOpened, MotionOpened]:
        with uow:
            record, charter = current_charter(uow, parse)
            viewer = viewer_of(charter, command.actor)
            require_sight(viewer)
            complaint = load(uow, command.complaint_id, lock=True)
            require(viewer, complaint, ComplaintAction.TO_MOTION)
            title, text = command.title.strip(), command.text.strip()
            if not title or len(title) > TITLE_LIMIT:
                raise PayloadInvalid(
                    "title", N_("give a title of 1 to {limit} characters"), limit=TITLE_LIMIT
                )
            if not text:
                raise PayloadInvalid("text", "state what the members are asked to resolve")
            payload = General()
            rules = charter.rules_for(MotionKind.GENERAL)
            electorate = freeze_electorate(charter.members, charter.weights, rules, None)
            motion = Motion(
                id="",
                kind=MotionKind.GENERAL,
                title=title,
                text=text,
                payload=payload,
                rules=rules,
                electorate=electorate,
                charter_version=record.version,
                opened_at=now,
                closes_at=now + rules.voting_period,
                shown_at=None if command.channel else now,
            )
            opened_by = recorded_actor(viewer, complaint)
            motion_id = uow.motions.add(motion, opened_by, charter.members)
            if command.channel:
                enqueue_post(uow, motion_id, command.channel, now)
            uow.audit.append(
                "motion_opened",
                {
                    "motion_id": motion_id,
                    "kind": MotionKind.GENERAL.value,
                    "title": title,
                    "text": text,
                    "payload": payload_to_dict(payload),
                    "opened_by": opened_by,
                    "closes_at": motion.closes_at.isoformat(),
                    # null while it waits for its post (then ``motion_shown`` says when)
                    "shown_at": motion.shown_at.isoformat() if motion.shown_at else None,
                    "charter_version": record.version,
                    "electorate": list(electorate.members),
                    "recused": list(electorate.recused),
                    "weights": {m: format_rational(w) for m, w in electorate.weights.items()},
                    "rules": rules_to_dict(rules),
                    "complaint_id": complaint.id,
                },
                now,
            )
            linked = lifecycle.to_motion(complaint, by=viewer, motion_id=motion_id)
            digest = uow.complaints.digest(complaint.id)
            entry = uow.audit.append(
                "complaint_to_motion", audit_data(linked, digest, opened_by), now
            )
            uow.complaints.update(linked, complaint.status.value, None, entry.seq)
            queued = enqueue_step_notices(uow, charter, linked, now, motion=True)
            uow.commit()
        opened = MotionOpened(
            motion_id=motion_id,
            kind=MotionKind.GENERAL,
            title=title,
            opened_by=opened_by,
            opened_at=now,
            closes_at=motion.closes_at,
            charter_version=record.version,
            electorate=electorate.members,
            recused=electorate.recused,
        )
        return ComplaintMotionOpened(linked, motion_id, queued), opened

    return attempt(work)
