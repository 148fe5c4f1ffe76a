"""The minutes lifecycle as a pure state machine: draft → circulated → approved → locked.

- The operator records a **draft**; recording it again replaces the text while it is a draft or
  circulated (each version stays in the audit chain).
- **Circulated**: posted to the meeting's channel for comments until ``review_closes``
  (``meetings.<id>.minutes_review``, default 7 days). Representatives propose corrections until
  then; the operator accepts or declines each one, with a reason.
- **Approved** by the next meeting (an item of its agenda) or by a ``minutes_approval`` motion;
  approval ends the review early, and no correction may still wait for the operator's decision.
- **Locked** at once: the text with its accepted corrections is hashed into the audit chain and
  nothing changes any more; a later correction needs a new motion.

Every step returns a new :class:`MinutesReview`; a refusal is a :class:`MinutesRefused`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from string import Formatter

from governance.errors import Facts, MeetingError, _Reasoned
from governance.texts import N_

DEFAULT_REVIEW = timedelta(days=7)
MAX_CORRECTION_LENGTH = 1000  # characters
MAX_REASON_LENGTH = 500


class MinutesState(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    LOCKED = "locked"


class CorrectionState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ApprovedBy(StrEnum):
    MEETING = "meeting"
    MOTION = "motion"


class MinutesRefused(MeetingError):
    """A step the lifecycle does not allow; ``code`` names it, ``template`` says it (marked for
    the catalog, with named placeholders filled from ``values``)."""

    code = "minutes_refused"
    template = N_("The minutes of `{key}` cannot be changed.")

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = {"key": key, **values}

    def refusal(self) -> tuple[str, Facts]:
        named = {name for _text, name, _spec, _conv in Formatter().parse(self.template) if name}
        facts: Facts = {name: "-" for name in named}
        facts.update(self.values)
        return self.template, facts


class MinutesLocked(MinutesRefused):
    code = "minutes_locked"
    template = N_(
        "The minutes of `{key}` are approved and locked; a later correction needs a new motion."
    )


class MinutesNotCirculated(MinutesRefused):
    code = "minutes_not_circulated"
    template = N_("The minutes of `{key}` are not out for review.")


class ReviewClosed(MinutesRefused):
    """``closes``: when the review closed (ISO 8601), or ``-``."""

    code = "minutes_review_closed"
    template = N_(
        "The review of the minutes of `{key}` closed at {closes}; corrections are closed."
    )


class ActionsClosed(MinutesRefused):
    code = "minutes_actions_closed"
    template = N_(
        "The minutes of `{key}` are approved and locked; they take no more follow-up actions: "
        "add it with `/action add`."
    )


class CorrectionInvalid(MinutesRefused, _Reasoned):
    """``reason``: a template marked for the catalog, filled with ``facts``."""

    code = "minutes_correction_invalid"
    template = N_("The correction to the minutes of `{key}` cannot be recorded: {reason}.")

    def __init__(self, key: str, reason: str, **facts: str | int) -> None:
        MinutesRefused.__init__(self, key, reason=self._reason(reason, facts))


class CorrectionUnknown(MinutesRefused):
    code = "minutes_correction_unknown"
    template = N_("There is no correction {number}.")


class CorrectionAlreadyDecided(MinutesRefused):
    """``state``: ``accepted`` or ``declined``."""

    code = "minutes_correction_decided"
    template = N_("Correction {number} is already decided ({state}).")
    words = ("state",)


class CorrectionsPending(MinutesRefused):
    code = "minutes_corrections_pending"
    template = N_(
        "The minutes of `{key}` cannot be approved while corrections wait for a decision: "
        "{numbers}."
    )


#: a correction's decided states, as :class:`CorrectionAlreadyDecided` names them
DECIDED = (N_("accepted"), N_("declined"))


@dataclass(frozen=True)
class Correction:
    """A representative's proposed correction and the operator's decision on it."""

    id: int
    proposed_by: str
    member_id: str
    text: str
    proposed_at: datetime
    state: CorrectionState = CorrectionState.PROPOSED
    reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass(frozen=True)
class MinutesReview:
    """One occurrence's minutes and where they stand."""

    occurrence_key: str
    text: str
    state: MinutesState
    recorded_at: datetime
    review_closes: datetime | None = None
    corrections: tuple[Correction, ...] = ()
    approved_by: ApprovedBy | None = None
    approved_ref: str = ""
    approved_at: datetime | None = None
    text_hash: str = ""
    audit_seq: int = 0  # the latest audit entry about these minutes, as stored

    @property
    def pending(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.state is CorrectionState.PROPOSED)

    @property
    def accepted(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.state is CorrectionState.ACCEPTED)

    def open_for_corrections(self, now: datetime) -> bool:
        return (
            self.state is MinutesState.CIRCULATED
            and self.review_closes is not None
            and now < self.review_closes
        )


def final_text(review: MinutesReview) -> str:
    """The text as approved: the draft, then each accepted correction in the order proposed."""
    accepted = review.accepted
    if not accepted:
        return review.text
    notes = "\n".join(f"{n}. {c.text}" for n, c in enumerate(accepted, start=1))
    return f"{review.text}\n\nCorrections:\n{notes}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unlocked(review: MinutesReview) -> None:
    if review.state in (MinutesState.APPROVED, MinutesState.LOCKED):
        raise MinutesLocked(review.occurrence_key)


def check_takes_actions(review: MinutesReview) -> None:
    """Follow-up actions are added from the minutes while they are a draft or out for review.
    Approved minutes are the record the members approved: an action agreed later is the
    operator's own (``/action add``), not the minutes'."""
    if review.state in (MinutesState.APPROVED, MinutesState.LOCKED):
        raise ActionsClosed(review.occurrence_key)


def draft(key: str, text: str, now: datetime) -> MinutesReview:
    return MinutesReview(key, text, MinutesState.DRAFT, now)


def redraft(review: MinutesReview, text: str, now: datetime) -> MinutesReview:
    """A new version of the text; refused once approved. A circulated draft goes back to draft:
    its corrections stay on record and a new review starts when it is circulated again."""
    _unlocked(review)
    return replace(review, text=text, state=MinutesState.DRAFT, recorded_at=now)


def circulate(review: MinutesReview, now: datetime, period: timedelta) -> MinutesReview:
    _unlocked(review)
    return replace(review, state=MinutesState.CIRCULATED, review_closes=now + period)


def propose(
    review: MinutesReview, correction_id: int, by: str, member_id: str, text: str, now: datetime
) -> MinutesReview:
    _unlocked(review)
    if review.state is not MinutesState.CIRCULATED:
        raise MinutesNotCirculated(review.occurrence_key)
    if not review.open_for_corrections(now):
        closes = review.review_closes.isoformat() if review.review_closes else "-"
        raise ReviewClosed(review.occurrence_key, closes=closes)
    text = text.strip()
    if not text or len(text) > MAX_CORRECTION_LENGTH:
        raise CorrectionInvalid(
            review.occurrence_key,
            N_("a correction needs between 1 and {n} characters"),
            n=MAX_CORRECTION_LENGTH,
        )
    correction = Correction(correction_id, by, member_id, text, now)
    return replace(review, corrections=(*review.corrections, correction))


def decide(
    review: MinutesReview,
    correction_id: int,
    accept: bool,
    reason: str,
    by: str,
    now: datetime,
) -> MinutesReview:
    """The operator accepts or declines one correction, with a reason (also after the review
    closed: the corrections proposed in time wait for a decision before approval)."""
    _unlocked(review)
    found = next((c for c in review.corrections if c.id == correction_id), None)
    if found is None:
        raise CorrectionUnknown(review.occurrence_key, number=str(correction_id))
    if found.state is not CorrectionState.PROPOSED:
        raise CorrectionAlreadyDecided(
            review.occurrence_key, number=str(correction_id), state=found.state.value
        )
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise CorrectionInvalid(
            review.occurrence_key,
            N_("a decision needs a reason of 1 to {n} characters"),
            n=MAX_REASON_LENGTH,
        )
    state = CorrectionState.ACCEPTED if accept else CorrectionState.DECLINED
    decided = replace(found, state=state, reason=reason, decided_by=by, decided_at=now)
    corrections = tuple(decided if c.id == correction_id else c for c in review.corrections)
    return replace(review, corrections=corrections)


def approve(review: MinutesReview, by: ApprovedBy, ref: str, now: datetime) -> MinutesReview:
    """Approved by a meeting (``ref`` its occurrence key) or a motion (``ref`` its id)."""
    _unlocked(review)
    if review.state is not MinutesState.CIRCULATED:
        raise MinutesNotCirculated(review.occurrence_key)
    if review.pending:
        ids = ", ".join(str(c.id) for c in review.pending)
        raise CorrectionsPending(review.occurrence_key, numbers=ids)
    closes = review.review_closes
    ended = now if closes is None or now < closes else closes
    return replace(
        review,
        state=MinutesState.APPROVED,
        approved_by=by,
        approved_ref=ref,
        approved_at=now,
        review_closes=ended,
    )


def lock(review: MinutesReview) -> MinutesReview:
    """Approved minutes locked: the final text's hash is what the audit chain keeps."""
    if review.state is MinutesState.LOCKED:
        raise MinutesLocked(review.occurrence_key)
    if review.state is not MinutesState.APPROVED:
        raise MinutesNotCirculated(review.occurrence_key)
    return replace(review, state=MinutesState.LOCKED, text_hash=text_hash(final_text(review)))


def approve_and_lock(
    review: MinutesReview, by: ApprovedBy, ref: str, now: datetime
) -> MinutesReview:
    return lock(approve(review, by, ref, now))
