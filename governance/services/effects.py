"""What a carried motion does to the pool, applied in the transaction that closes it.

``admission`` adds the member and its representatives; ``withdrawal`` and ``expulsion`` take the
member off the register (its history stays); ``fee_change`` and ``distribution_change`` record the
new entry; ``charter_amendment`` installs a new charter version while the register carries over.
"""

from __future__ import annotations

from datetime import datetime

from governance.charter import Member
from governance.charter_check import charter_problems
from governance.events import (
    CharterAmended,
    DistributionRuleChanged,
    EffectNotApplied,
    Event,
    FeeScheduleChanged,
    MemberAdmitted,
    MemberRemoved,
)
from governance.kinds import (
    Admission,
    CharterAmendment,
    DistributionChange,
    Expulsion,
    FeeChange,
    MinutesApproval,
    Withdrawal,
)
from governance.motion import Motion
from governance.ports import CharterParser, CharterRecord, DistributionRule, FeeEntry, UnitOfWork
from governance.quantities import format_rational
from governance.services.common import current_charter
from governance.services.pool import charter_text_hash


def apply_effect(
    motion: Motion, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> list[Event]:
    """Apply a carried motion's effect and append it to the audit chain."""
    payload = motion.payload
    event: Event
    if isinstance(payload, Admission):
        event = _admit(motion, payload, uow, now)
    elif isinstance(payload, Withdrawal | Expulsion):
        how = payload.kind.value
        if uow.register.remove(payload.member_id, now, how, motion.id):
            event = MemberRemoved(payload.member_id, how, motion.id)
        else:
            event = EffectNotApplied(motion.id, f"{payload.member_id} had already left the pool")
    elif isinstance(payload, FeeChange):
        basis = {k: str(v) for k, v in vars(payload.basis).items()}
        uow.fees.add(
            FeeEntry(
                payload.product_category,
                payload.proposed_royalty,
                payload.effective_date,
                motion.id,
                now,
                basis,
            )
        )
        event = FeeScheduleChanged(
            payload.product_category, payload.proposed_royalty, payload.effective_date, motion.id
        )
    elif isinstance(payload, DistributionChange):
        uow.distributions.add(
            DistributionRule(payload.proposed_rule, payload.effective_date, motion.id, now)
        )
        event = DistributionRuleChanged(payload.proposed_rule, payload.effective_date, motion.id)
    elif isinstance(payload, CharterAmendment):
        event = _amend(motion, payload, uow, now, parse)
    elif isinstance(payload, MinutesApproval):
        from governance.services.minutes_review import approve_by_motion

        refused = approve_by_motion(motion, payload.occurrence_key, uow, now)
        if refused is None:  # the lock is its own entry; this one closes the motion's record
            locked = {"minutes_locked": payload.occurrence_key}
            uow.audit.append("effect_applied", {"motion_id": motion.id, "effect": locked}, now)
            return []
        event = EffectNotApplied(motion.id, refused)
    else:
        return []  # a general resolution changes no record
    effect = _describe(event)
    if isinstance(event, MemberAdmitted) and isinstance(payload, Admission):
        # what the register row holds, so the chain alone rebuilds it
        effect |= {
            "patents": payload.patents,
            "contribution": format_rational(payload.contribution),
        }
    uow.audit.append("effect_applied", {"motion_id": motion.id, "effect": effect}, now)
    return [event]


def _admit(motion: Motion, payload: Admission, uow: UnitOfWork, now: datetime) -> Event:
    if payload.applicant_id in {m.id for m in uow.register.current()}:
        return EffectNotApplied(motion.id, f"{payload.applicant_id} is already a member")
    member = Member(
        id=payload.applicant_id,
        name=payload.name,
        patents=payload.patents,
        contribution=payload.contribution,
        representatives=payload.representatives,
    )
    seated = uow.register.admit(member, now, motion.id)
    return MemberAdmitted(member.id, member.name, seated, motion.id)


def _amend(
    motion: Motion, payload: CharterAmendment, uow: UnitOfWork, now: datetime, parse: CharterParser
) -> Event:
    record, charter = current_charter(uow, parse)
    problems = charter_problems(parse(payload.charter_text).with_members(charter.members))
    if problems:
        reasons = "; ".join(str(p) for p in problems)
        return EffectNotApplied(motion.id, f"the amended charter no longer fits: {reasons}")
    version = record.version + 1
    text_hash = charter_text_hash(payload.charter_text)
    uow.charters.add(CharterRecord(version, payload.charter_text, text_hash, now, motion.id))
    return CharterAmended(version, text_hash, motion.id)


def _describe(event: Event) -> dict[str, object]:
    if isinstance(event, MemberAdmitted):
        return {
            "admitted": event.member_id,
            "name": event.name,
            "representatives": list(event.representatives),
        }
    if isinstance(event, MemberRemoved):
        return {"removed": event.member_id, "how": event.how}
    if isinstance(event, FeeScheduleChanged):
        return {
            "fee": event.product_category,
            "royalty": event.royalty,
            "effective_date": event.effective_date.isoformat(),
        }
    if isinstance(event, DistributionRuleChanged):
        return {"distribution_rule": event.rule, "effective_date": event.effective_date.isoformat()}
    if isinstance(event, CharterAmended):
        return {"charter_version": event.version, "charter_hash": event.text_hash}
    if isinstance(event, EffectNotApplied):
        return {"not_applied": event.reason}
    return {}
