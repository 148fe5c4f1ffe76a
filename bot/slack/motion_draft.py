"""A submitted ``/motion`` draft, parsed at the edge into the payload its kind needs.

Field errors come back as ``{block_id: message}`` so the listener can answer
``response_action: errors`` and Slack shows each message on its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from bot.i18n import _
from bot.i18n.speech import unmarked, upper_first
from bot.slack.motion_modal import CHARTER_PARTS, field_limits
from bot.slack.refusals import quantity_text, reason_text
from governance.charter import MotionKind
from governance.errors import PayloadInvalid
from governance.kinds import (
    Admission,
    CharterAmendment,
    DistributionChange,
    Expulsion,
    FeeChange,
    General,
    MinutesApproval,
    Payload,
    PricingBasis,
    Withdrawal,
)
from governance.quantities import format_rational, parse_duration, parse_rational, parse_whole

#: A voting period the operator types; the deadline it gives must stay on the calendar.
LONGEST_VOTING_PERIOD = timedelta(days=3653)
#: ``members.patents`` is a PostgreSQL ``integer``.
MOST_PATENTS = 2**31 - 1
#: Rationals are stored as ``"p/q"`` in 64 characters.
RATIONAL_LENGTH = 64
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Effective dates people pick, with room for the arithmetic done on them.
FIRST_DATE, LAST_DATE = date(1970, 1, 1), date(2999, 12, 31)


class DraftInvalid(Exception):
    """A submitted draft with errors to show on its fields."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


@dataclass(frozen=True)
class Draft:
    kind: MotionKind
    title: str
    text: str
    payload: Payload
    voting_period: timedelta


def _read(values: Mapping[str, Any], block_id: str) -> str:
    """The submitted value of a block, whatever its element type ("" when empty)."""
    state = values.get(block_id, {}).get("value") or {}
    if "selected_option" in state:
        option = state["selected_option"] or {}
        return str(option.get("value", ""))
    if "selected_date" in state:
        return str(state["selected_date"] or "")
    return str(state.get("value") or "").strip()


def _users(values: Mapping[str, Any], block_id: str) -> tuple[str, ...]:
    state = values.get(block_id, {}).get("value") or {}
    return tuple(state.get("selected_users") or ())


def _date(values: Mapping[str, Any], block_id: str, errors: dict[str, str]) -> date:
    raw = _read(values, block_id)
    try:
        picked = date.fromisoformat(raw) if _DATE.fullmatch(raw) else None
    except ValueError:
        picked = None
    if picked is None:
        errors[block_id] = _("Pick a date.")
        return date.min
    if not FIRST_DATE <= picked <= LAST_DATE:
        errors[block_id] = _("Pick a date from {first} to {last}.").format(
            first=FIRST_DATE, last=LAST_DATE
        )
    return picked


def _patents(raw: str, errors: dict[str, str]) -> int:
    try:
        return parse_whole(raw, largest=MOST_PATENTS, what="the number of patents")
    except ValueError as error:
        errors["patents"] = _(
            "Write the number of pooled patents in force, e.g. 42 ({problem})."
        ).format(problem=quantity_text(error))
        return 0


def _contribution(raw: str, errors: dict[str, str]) -> Fraction:
    try:
        score = parse_rational(raw)
    except ValueError as exc:
        errors["contribution"] = quantity_text(exc)
        return Fraction(0)
    if len(format_rational(score)) > RATIONAL_LENGTH:
        errors["contribution"] = _("Write the score with fewer digits, e.g. 7/2 or 3.5.")
    return score


def _payload(kind: MotionKind, values: Mapping[str, Any], errors: dict[str, str]) -> Payload:
    def read(block_id: str) -> str:
        return _read(values, block_id)

    if kind is MotionKind.ADMISSION:
        return Admission(
            applicant_id=read("applicant_id"),
            name=read("applicant_name"),
            patents=_patents(read("patents"), errors),
            representatives=_users(values, "representatives"),
            contribution=_contribution(read("contribution") or "0", errors),
        )
    if kind is MotionKind.WITHDRAWAL:
        return Withdrawal(member_id=read("member"), reason=read("reason"))
    if kind is MotionKind.EXPULSION:
        return Expulsion(member_id=read("member"), reason=read("reason"))
    if kind is MotionKind.FEE_CHANGE:
        basis = PricingBasis(
            **{item.name: read(f"basis.{item.name}") for item in fields(PricingBasis)}
        )
        return FeeChange(
            product_category=read("product_category"),
            current_royalty=read("current_royalty"),
            proposed_royalty=read("proposed_royalty"),
            effective_date=_date(values, "effective_date", errors),
            basis=basis,
        )
    if kind is MotionKind.DISTRIBUTION_CHANGE:
        return DistributionChange(
            current_rule=read("current_rule"),
            proposed_rule=read("proposed_rule"),
            effective_date=_date(values, "effective_date", errors),
        )
    if kind is MotionKind.CHARTER_AMENDMENT:
        text = "".join(
            str((values.get(f"charter_text.{i}", {}).get("value") or {}).get("value") or "")
            for i in range(CHARTER_PARTS)
        )
        return CharterAmendment(charter_text=text, summary=read("summary"))
    if kind is MotionKind.MINUTES_APPROVAL:
        return MinutesApproval(occurrence_key=read("occurrence_key"))
    return General()


def field_reason(error: PayloadInvalid) -> str:
    """A payload's refusal on its field: ``Must be 0 or more.``, in the language being spoken."""
    reason = reason_text(error)
    if unmarked(reason) == error.reason:  # English, or a reason the catalog does not have
        return upper_first(reason) + "."
    return _("{reason}.").format(reason=reason)


def parse_draft(kind: MotionKind, values: Mapping[str, Any], register: Sequence[str]) -> Draft:
    """The draft, or :class:`DraftInvalid` with a message for every field at fault."""
    errors: dict[str, str] = {
        block_id: _("At most {limit} characters, please.").format(limit=limit)
        for block_id, limit in field_limits(kind).items()
        if len(_read(values, block_id)) > limit
    }
    title = _read(values, "title")
    if not title:
        errors["title"] = _("Give the motion a title.")
    text = _read(values, "text")
    if kind is MotionKind.GENERAL and not text:
        errors["text"] = _("Write the resolution the members vote on.")
    try:
        period = parse_duration(_read(values, "voting_period"), longest=LONGEST_VOTING_PERIOD)
        if period <= timedelta(0):
            errors["voting_period"] = _("The voting period must be longer than 0.")
    except ValueError as exc:
        errors["voting_period"] = quantity_text(exc)
        period = timedelta(0)
    payload = _payload(kind, values, errors)
    if not errors:
        try:
            payload.validate(register)
        except PayloadInvalid as exc:
            field = exc.field
            if field == "member_id":
                field = "member"
            elif field == "name":
                field = "applicant_name"
            elif field == "charter_text":
                field = "charter_text.0"
            errors[field] = field_reason(exc)
    if errors:
        raise DraftInvalid(errors)
    return Draft(kind=kind, title=title, text=text, payload=payload, voting_period=period)
