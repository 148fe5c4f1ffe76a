"""The minutes lifecycle in the pool's transactions: recording and circulating a draft,
corrections proposed and decided, approval by the next meeting or by a ``minutes_approval``
motion, and the lock. Every step is appended to the audit chain with the facts it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from governance.errors import NotAuthorised, PayloadInvalid
from governance.kinds import MinutesApproval
from governance.meetings.agenda import AgendaItem, agenda_closes_at
from governance.meetings.errors import MeetingNotHeldYet, MinutesInvalid, OccurrenceCancelled
from governance.meetings.occurrences import Occurrence
from governance.meetings.ports import MeetingCalendar, MinutesRecord
from governance.minutes import lifecycle as lc
from governance.minutes.lifecycle import ApprovedBy, Correction, MinutesRefused, MinutesReview
from governance.minutes.ports import MinutesUnitOfWork
from governance.motion import Motion, MotionState
from governance.ports import AuditLog, CharterParser, UnitOfWork
from governance.services.common import attempt, current_charter, require_operator
from governance.services.meeting_minutes import MAX_MINUTES_LENGTH, decided_in
from governance.services.meetings import meeting_rules, scene, utc_text
from governance.texts import N_

#: the "member" an agenda item of the operator's own is filed under
OPERATOR_ITEM = "operator"
NEXT_MEETINGS = 20


class MinutesUnknown(MinutesRefused):
    code = "minutes_unknown"
    template = N_("No minutes are recorded for `{key}`; `/meeting minutes` lists them.")


class ApprovalMeetingInvalid(MinutesRefused):
    code = "minutes_approval_meeting_invalid"
    template = N_(
        "The minutes of `{key}` are approved by a later meeting once it has started; "
        "`{meeting}` is not one."
    )


@dataclass(frozen=True)
class MinutesCirculated:
    occurrence: Occurrence
    record: MinutesRecord
    review: MinutesReview
    agenda_key: str | None  # the meeting whose agenda lists their approval


@dataclass(frozen=True)
class CorrectionProposed:
    occurrence: Occurrence
    review: MinutesReview
    correction: Correction


@dataclass(frozen=True)
class CorrectionDecided:
    occurrence: Occurrence
    review: MinutesReview
    correction: Correction


@dataclass(frozen=True)
class MinutesLockedEvent:
    occurrence: Occurrence
    review: MinutesReview
    audit_seq: int


def minutes_uow(uow: UnitOfWork) -> MinutesUnitOfWork:
    """The pool's unit of work, which also holds the minutes (every SQL one does)."""
    return cast(MinutesUnitOfWork, uow)


def _review_facts(review: MinutesReview) -> dict[str, object]:
    return {
        "occurrence_key": review.occurrence_key,
        "state": review.state.value,
        "review_closes": utc_text(review.review_closes) if review.review_closes else None,
    }


def _append(
    audit: AuditLog, kind: str, payload: dict[str, object], now: datetime
) -> tuple[int, str]:
    entry = audit.append(kind, payload, now)
    return entry.seq, entry.entry_hash


def _approval_meeting(
    uow: MinutesUnitOfWork,
    parse: CharterParser,
    calendar: MeetingCalendar,
    after: Occurrence,
    now: datetime,
) -> str | None:
    """The next meeting (of the same series first) whose agenda is still open."""
    _, charter = current_charter(uow, parse)
    found = [
        o
        for o in calendar.upcoming(charter, now, uow.meetings.overrides(), NEXT_MEETINGS)
        if not o.cancelled
        and o.starts > after.starts
        and now < agenda_closes_at(o.starts, meeting_rules(charter, o))
    ]
    same = [o for o in found if o.meeting_id == after.meeting_id]
    chosen = same or found
    return chosen[0].key if chosen else None


def record_and_circulate(
    actor: str,
    key: str,
    text: str,
    agenda_text: Callable[[Occurrence], str],
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> MinutesCirculated:
    """The operator records the minutes (a new version while not yet approved) and they go out
    for review for ``meetings.<id>.minutes_review``; the next meeting's agenda lists their
    approval (``agenda_text`` words the item). Refused once they are locked."""
    text = text.strip()
    store = minutes_uow(uow)

    def work() -> MinutesCirculated:
        with store:
            store.minutes_reviews.lock()
            found = scene(store, parse, calendar, key)
            require_operator(found.charter, actor, "record minutes")
            occurrence = found.occurrence
            if occurrence.cancelled:
                raise OccurrenceCancelled(occurrence.key)
            if now < occurrence.starts:
                raise MeetingNotHeldYet(occurrence.key, occurrence.starts)
            before = store.minutes_reviews.get(occurrence.key)
            review = (
                lc.draft(occurrence.key, text, now)
                if before is None
                else lc.redraft(before, text, now)
            )  # locked minutes refuse here, before anything is written
            if not text or len(text) > MAX_MINUTES_LENGTH:
                raise MinutesInvalid(
                    occurrence.key, f"minutes need between 1 and {MAX_MINUTES_LENGTH} characters"
                )
            motions = decided_in(store, occurrence.starts, occurrence.ends)
            seq, entry_hash = _append(
                store.audit,
                "minutes_recorded",
                {
                    "occurrence_key": occurrence.key,
                    "starts": utc_text(occurrence.starts),
                    "text": text,
                    "motions": list(motions),
                    "by": actor,
                },
                now,
            )
            record = MinutesRecord(
                occurrence_key=occurrence.key,
                title=occurrence.title,
                starts=occurrence.starts,
                text=text,
                motions=motions,
                recorded_by=actor,
                recorded_at=now,
                audit_seq=seq,
                audit_hash=entry_hash,
            )
            record_id = store.meetings.add_minutes(record)
            review = lc.circulate(review, now, found.meeting.minutes_review)
            agenda_key = _approval_meeting(store, parse, calendar, occurrence, now)
            seq, entry_hash = _append(
                store.audit,
                "minutes_circulated",
                {
                    **_review_facts(review),
                    "text": review.text,
                    "recorded_at": utc_text(now),
                    "agenda": agenda_key,
                    "by": actor,
                },
                now,
            )
            store.minutes_reviews.save(review, seq, entry_hash)
            if agenda_key is not None:
                listed = {i.text for i in store.meetings.agenda_items(agenda_key)}
                item_text = agenda_text(occurrence)
                if item_text not in listed and store.meetings.frozen_agenda(agenda_key) is None:
                    item = AgendaItem(OPERATOR_ITEM, item_text, now, actor)
                    store.meetings.add_agenda_item(agenda_key, item)
            store.commit()
            return MinutesCirculated(occurrence, replace(record, id=record_id), review, agenda_key)

    return attempt(work)


def _review_of(store: MinutesUnitOfWork, key: str) -> MinutesReview:
    review = store.minutes_reviews.get(key)
    if review is None:
        raise MinutesUnknown(key)
    return review


def propose_correction(
    actor: str,
    key: str,
    text: str,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> CorrectionProposed:
    """A representative proposes a correction while the review is open."""
    store = minutes_uow(uow)

    def work() -> CorrectionProposed:
        with store:
            store.minutes_reviews.lock()
            found = scene(store, parse, calendar, key)
            member_id = store.register.member_for_user(actor)
            if member_id is None:
                raise NotAuthorised("propose corrections to minutes", "members' representatives")
            review = _review_of(store, found.occurrence.key)
            number = store.minutes_reviews.next_correction_id()
            review = lc.propose(review, number, actor, member_id, text, now)
            correction = review.corrections[-1]
            seq, _ = _append(
                store.audit,
                "minutes_correction_proposed",
                {
                    "occurrence_key": review.occurrence_key,
                    "correction": correction.id,
                    "member_id": member_id,
                    "text": correction.text,
                    "by": actor,
                },
                now,
            )
            store.minutes_reviews.add_correction(review.occurrence_key, correction, seq)
            store.commit()
            return CorrectionProposed(found.occurrence, review, correction)

    return attempt(work)


def decide_correction(
    actor: str,
    correction_id: int,
    accept: bool,
    reason: str,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> CorrectionDecided:
    """The operator accepts or declines a correction, with a reason."""
    store = minutes_uow(uow)

    def work() -> CorrectionDecided:
        with store:
            store.minutes_reviews.lock()
            _, charter = current_charter(store, parse)
            require_operator(charter, actor, "decide on corrections to minutes")
            owner = store.minutes_reviews.correction(correction_id)
            if owner is None:
                raise lc.CorrectionUnknown("-", number=str(correction_id))
            found = scene(store, parse, calendar, owner[0])
            review = lc.decide(
                _review_of(store, owner[0]), correction_id, accept, reason, actor, now
            )
            decided = next(c for c in review.corrections if c.id == correction_id)
            _append(
                store.audit,
                "minutes_correction_decided",
                {
                    "occurrence_key": review.occurrence_key,
                    "correction": correction_id,
                    "decision": decided.state.value,
                    "reason": decided.reason,
                    "by": actor,
                },
                now,
            )
            store.minutes_reviews.decide_correction(decided)
            store.commit()
            return CorrectionDecided(found.occurrence, review, decided)

    return attempt(work)


def _lock(
    store: MinutesUnitOfWork,
    review: MinutesReview,
    by: ApprovedBy,
    ref: str,
    actor: str,
    now: datetime,
) -> tuple[MinutesReview, int]:
    locked = lc.approve_and_lock(review, by, ref, now)
    seq, entry_hash = _append(
        store.audit,
        "minutes_locked",
        {
            **_review_facts(locked),
            "approved_by": by.value,
            "approved_ref": ref,
            "text": lc.final_text(locked),
            "text_hash": locked.text_hash,
            "corrections_accepted": [c.id for c in locked.accepted],
            "by": actor,
        },
        now,
    )
    store.minutes_reviews.save(locked, seq, entry_hash)
    return locked, seq


def approve_at_meeting(
    actor: str,
    key: str,
    meeting_key: str,
    uow: UnitOfWork,
    now: datetime,
    parse: CharterParser,
    calendar: MeetingCalendar,
) -> MinutesLockedEvent:
    """The operator records that ``meeting_key`` (a later meeting, now sitting or over)
    approved the minutes of ``key``: they are locked."""
    store = minutes_uow(uow)

    def work() -> MinutesLockedEvent:
        with store:
            store.minutes_reviews.lock()
            found = scene(store, parse, calendar, key)
            require_operator(found.charter, actor, "record the approval of minutes")
            approving = scene(store, parse, calendar, meeting_key).occurrence
            if (
                approving.cancelled
                or approving.starts <= found.occurrence.starts
                or now < approving.starts
            ):
                raise ApprovalMeetingInvalid(found.occurrence.key, meeting=meeting_key)
            review = _review_of(store, found.occurrence.key)
            locked, seq = _lock(store, review, ApprovedBy.MEETING, approving.key, actor, now)
            store.commit()
            return MinutesLockedEvent(found.occurrence, locked, seq)

    return attempt(work)


def approve_by_motion(motion: Motion, key: str, uow: UnitOfWork, now: datetime) -> str | None:
    """In the transaction closing a carried ``minutes_approval`` motion: lock the minutes.
    ``None`` when locked; otherwise why not (the effect is then recorded as not applied)."""
    store = minutes_uow(uow)
    review = store.minutes_reviews.get(key)
    if review is None:
        return str(MinutesUnknown(key))
    try:
        _lock(store, review, ApprovedBy.MOTION, motion.id, "motion", now)
    except MinutesRefused as refused:
        return str(refused)
    return None


def check_approval_motion(uow: UnitOfWork, key: str) -> None:
    """In the transaction opening a ``minutes_approval`` motion: the minutes it approves are
    recorded and out for review (not a draft, not approved already), and no other open motion
    puts them to the members."""
    store = minutes_uow(uow)
    review = store.minutes_reviews.get(key)
    if review is None:
        raise PayloadInvalid(
            "occurrence_key",
            N_("no minutes are recorded for {meeting}; `/meeting minutes` lists them"),
            meeting=key,
        )
    if review.state in (lc.MinutesState.APPROVED, lc.MinutesState.LOCKED):
        raise PayloadInvalid(
            "occurrence_key", N_("the minutes of {meeting} are approved already"), meeting=key
        )
    if review.state is not lc.MinutesState.CIRCULATED:
        raise PayloadInvalid(
            "occurrence_key",
            N_("the minutes of {meeting} are a draft, not yet out for review"),
            meeting=key,
        )
    for stored in store.motions.in_state(MotionState.OPEN):
        payload = stored.motion.payload
        if isinstance(payload, MinutesApproval) and payload.occurrence_key == key:
            raise PayloadInvalid(
                "occurrence_key",
                N_("motion {motion} already puts the minutes of {meeting} to the members"),
                motion=stored.motion.id,
                meeting=key,
            )


def approval_motion_refused(uow: UnitOfWork, key: str) -> PayloadInvalid | None:
    """Why a ``minutes_approval`` motion for ``key`` would be refused now, if it would (a read,
    for the operator's form)."""
    with uow:
        try:
            check_approval_motion(uow, key)
        except PayloadInvalid as refused:
            return refused
    return None


def review_of(uow: UnitOfWork, key: str) -> MinutesReview | None:
    store = minutes_uow(uow)
    with store:
        return store.minutes_reviews.get(key)


def reviews(uow: UnitOfWork) -> list[MinutesReview]:
    store = minutes_uow(uow)
    with store:
        return store.minutes_reviews.all()
