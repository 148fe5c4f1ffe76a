"""Opening and withdrawing motions: the operator's side of a vote."""

from __future__ import annotations

from datetime import datetime, timedelta

from governance.charter_check import require_sound
from governance.commands import OpenMotion, WithdrawMotion
from governance.electorate import freeze_electorate
from governance.errors import PayloadInvalid
from governance.events import MotionOpened, MotionWithdrawn
from governance.kinds import CharterAmendment, MinutesApproval, payload_to_dict
from governance.motion import Motion
from governance.notices import motion_post_key, motion_result_key
from governance.ports import CharterParser, UnitOfWork
from governance.quantities import format_rational
from governance.rules_record import rules_to_dict
from governance.services.common import attempt, current_charter, require_operator
from governance.services.errors import UnknownMotion
from governance.services.minutes_review import check_approval_motion


def open_motion(
    command: OpenMotion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[MotionOpened]:
    """Validate the payload against the register, then freeze electorate, weights and rules.

    A charter amendment's new text must parse and pass every charter check over the current
    register before the motion may open; a ``minutes_approval`` motion needs minutes out for
    review and no other open motion approving them.
    """

    def work() -> list[MotionOpened]:
        with uow:
            record, charter = current_charter(uow, parse)
            require_operator(charter, command.actor, "put a motion to the members")
            payload = command.payload
            payload.validate({m.id for m in charter.members})
            if isinstance(payload, CharterAmendment):
                require_sound(parse(payload.charter_text).with_members(charter.members))
            if isinstance(payload, MinutesApproval):
                check_approval_motion(uow, payload.occurrence_key)
            rules = charter.rules_for(payload.kind)
            period = command.voting_period or rules.voting_period
            if period <= timedelta(0):
                raise PayloadInvalid("voting_period", "must be longer than 0")
            electorate = freeze_electorate(charter.members, charter.weights, rules, payload.subject)
            motion = Motion(
                id="",
                kind=payload.kind,
                title=command.title,
                text=command.text,
                payload=payload,
                rules=rules,
                electorate=electorate,
                charter_version=record.version,
                opened_at=now,
                closes_at=now + period,
                shown_at=None if command.channel else now,
            )
            motion_id = uow.motions.add(motion, command.actor, charter.members)
            if command.channel:
                enqueue_post(uow, motion_id, command.channel, now)
            uow.audit.append(
                "motion_opened",
                {
                    "motion_id": motion_id,
                    "kind": payload.kind.value,
                    "title": command.title,
                    "text": command.text,
                    "payload": payload_to_dict(payload),
                    "opened_by": command.actor,
                    "closes_at": motion.closes_at.isoformat(),
                    # null while it waits for its post (then ``motion_shown`` says when)
                    "shown_at": motion.shown_at.isoformat() if motion.shown_at else None,
                    "charter_version": record.version,
                    "electorate": list(electorate.members),
                    "recused": list(electorate.recused),
                    "weights": {m: format_rational(w) for m, w in electorate.weights.items()},
                    "rules": rules_to_dict(rules),
                },
                now,
            )
            uow.commit()
        return [
            MotionOpened(
                motion_id=motion_id,
                kind=payload.kind,
                title=command.title,
                opened_by=command.actor,
                opened_at=now,
                closes_at=motion.closes_at,
                charter_version=record.version,
                electorate=electorate.members,
                recused=electorate.recused,
            )
        ]

    return attempt(work)


def withdraw_motion(
    command: WithdrawMotion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[MotionWithdrawn]:
    """The operator takes an open motion back; nothing is counted. Refused once it closed."""

    def work() -> list[MotionWithdrawn]:
        with uow:
            _, charter = current_charter(uow, parse)
            require_operator(charter, command.actor, "withdraw a motion")
            stored = uow.motions.get(command.motion_id, lock=True)
            if stored is None:
                raise UnknownMotion(command.motion_id)
            withdrawn = stored.motion.withdraw(now)
            uow.audit.append(
                "motion_withdrawn",
                {"motion_id": withdrawn.id, "by": command.actor, "reason": command.reason},
                now,
            )
            if not uow.motions.mark_withdrawn(withdrawn.id, now):
                uow.rollback()
                return []
            if stored.motion.is_shown:
                enqueue_result(uow, withdrawn.id, now)
            else:  # never shown: its post is no longer wanted, and nothing is announced
                uow.outbox.drop(motion_post_key(withdrawn.id), "withdrawn before shown")
            uow.commit()
        return [MotionWithdrawn(withdrawn.id, withdrawn.title, command.actor, now, command.reason)]

    return attempt(work)


def enqueue_post(uow: UnitOfWork, motion_id: str, channel: str, now: datetime) -> None:
    """The motion's post, in the transaction that opened it (``slack_posts`` key ``motion:N``)."""
    uow.outbox.enqueue(motion_post_key(motion_id), channel, now, post_key=f"motion:{motion_id}")


def enqueue_result(uow: UnitOfWork, motion_id: str, now: datetime) -> None:
    """The result announcement, where the motion's post went, once that post is sent."""
    key = motion_result_key(motion_id)
    uow.outbox.enqueue(key, None, now, after=motion_post_key(motion_id))
