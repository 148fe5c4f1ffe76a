"""The recorded form of a result: the ``poolgov tally --json`` object, plus the details behind it.

CHARTER.md fixes the shape auditors re-count against; the motion keeps exactly that object (with a
``details`` key for the required values and the choices) so an export can be compared with the
re-count key by key. Receipts are the start of a ballot's audit entry hash: 80 bits in five groups
of four hex digits (``3f9a-02c4-7be1-9d0e-55ab``); ballots cast before 80-bit receipts keep their
three groups (48 bits), which stay valid for lookups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from governance.charter import MotionKind
from governance.quantities import format_rational
from governance.tally import Choice, Outcome, Tally, Totals

CONTRACT_KEYS = (
    "kind",
    "outcome",
    "quorum_met",
    "weight_test_met",
    "member_test_met",
    "electorate",
    "recused",
    "weights",
    "totals",
    "members",
)
_TOTALS = ("yes", "no", "abstain", "not_voted", "eligible")
RECEIPT_LENGTH = 20  # hex digits: 80 bits
OLD_RECEIPT_LENGTH = 12  # the 48-bit receipts of ballots cast before
_GROUP = 4
_HEX = re.compile(r"[0-9a-f]+")
_SEPARATORS = re.compile(r"[\s\-_.:\u2010-\u2015\u2212]+")


def tally_json(kind: MotionKind, tally: Tally) -> dict[str, Any]:
    """Exactly the object ``poolgov tally --json`` prints (CHARTER.md, "The tally command")."""
    return {
        "kind": kind.value,
        "outcome": tally.outcome.value,
        "quorum_met": tally.quorum_met,
        "weight_test_met": tally.weight_test_met,
        "member_test_met": tally.member_test_met,
        "electorate": list(tally.electorate),
        "recused": list(tally.recused),
        "weights": {member: format_rational(w) for member, w in tally.weights.items()},
        "totals": {name: format_rational(getattr(tally.totals, name)) for name in _TOTALS},
        "members": {name: int(getattr(tally.members, name)) for name in _TOTALS},
    }


def tally_record(kind: MotionKind, tally: Tally) -> dict[str, Any]:
    """What the motion keeps: the tally JSON and, under ``details``, every number behind it."""
    record = _tally_record(kind, tally)
    if tally.recusal_reasons:  # a declared conflict took a member out (governance.conflicts)
        record["details"]["recusals"] = dict(tally.recusal_reasons)
        record["details"]["set_aside"] = list(tally.set_aside)
    if tally.declarations:
        record["details"]["declarations"] = dict(tally.declarations)
    return record


def _tally_record(kind: MotionKind, tally: Tally) -> dict[str, Any]:
    return {
        **tally_json(kind, tally),
        "details": {
            "blocking_minority_applied": tally.blocking_minority_applied,
            "quorum_weight_required": format_rational(tally.quorum_weight_required),
            "quorum_members_required": format_rational(tally.quorum_members_required),
            "threshold_base": format_rational(tally.threshold_base),
            "threshold_required": format_rational(tally.threshold_required),
            "member_yes_required": format_rational(tally.member_yes_required),
            "choices": {member: choice.value for member, choice in tally.choices.items()},
        },
    }


def contract_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded result without its details: what ``result.json`` in an export holds."""
    return {key: record[key] for key in CONTRACT_KEYS}


def tally_from_record(record: Mapping[str, Any]) -> Tally:
    """Inverse of :func:`tally_record`."""
    details = record["details"]

    def totals(values: Mapping[str, Any]) -> Totals:
        return Totals(*(Fraction(values[name]) for name in _TOTALS))

    return Tally(
        outcome=Outcome(record["outcome"]),
        quorum_met=record["quorum_met"],
        weight_test_met=record["weight_test_met"],
        member_test_met=record["member_test_met"],
        blocking_minority_applied=details["blocking_minority_applied"],
        electorate=tuple(record["electorate"]),
        recused=tuple(record["recused"]),
        weights={member: Fraction(w) for member, w in record["weights"].items()},
        totals=totals(record["totals"]),
        members=totals(record["members"]),
        quorum_weight_required=Fraction(details["quorum_weight_required"]),
        quorum_members_required=Fraction(details["quorum_members_required"]),
        threshold_base=Fraction(details["threshold_base"]),
        threshold_required=Fraction(details["threshold_required"]),
        member_yes_required=Fraction(details["member_yes_required"]),
        choices={member: Choice(c) for member, c in details["choices"].items()},
        recusal_reasons=dict(details.get("recusals", {})),
        set_aside=tuple(details.get("set_aside", ())),
        declarations=dict(details.get("declarations", {})),
    )


def _grouped(digits: str) -> str:
    return "-".join(digits[i : i + _GROUP] for i in range(0, len(digits), _GROUP))


def receipt_for(entry_hash: str) -> str:
    """A code a member can read aloud and find in the chain: ``3f9a-02c4-7be1-9d0e-55ab``."""
    return _grouped(entry_hash[:RECEIPT_LENGTH].lower())


def normalise_receipt(text: str) -> str | None:
    """What a person typed as a receipt, in its stored form; ``None`` if it is not a receipt.

    Spaces, hyphens (missing, extra or typographic), upper case and full-width characters are
    all forgiven; what remains must be 20 hex digits (or 12, for a ballot cast before 80-bit
    receipts).
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    digits = _SEPARATORS.sub("", folded)
    if len(digits) not in (RECEIPT_LENGTH, OLD_RECEIPT_LENGTH) or not _HEX.fullmatch(digits):
        return None
    return _grouped(digits)
