"""What each kind of motion is about: the payload it carries and the member it concerns.

Payloads serialise to plain JSON-able dicts (``to_dict`` / ``payload_from_dict``) so storage can
keep them and exports can show them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from governance.charter import MotionKind
from governance.errors import PayloadInvalid
from governance.texts import N_

MEMBER_ID = re.compile(r"^[a-z0-9-]{1,32}$")


def _required(field: str, value: str) -> None:
    if not value.strip():
        raise PayloadInvalid(field, "is required")


@dataclass(frozen=True)
class Admission:
    """An applicant asks to join; it becomes a member if the motion carries."""

    kind: ClassVar[MotionKind] = MotionKind.ADMISSION
    applicant_id: str
    name: str
    patents: int
    representatives: tuple[str, ...]
    contribution: Fraction = Fraction(0)

    @property
    def subject(self) -> str | None:
        return None  # an applicant is not yet a member, so it is never recused

    def validate(self, register: Collection[str]) -> None:
        if not MEMBER_ID.match(self.applicant_id):
            raise PayloadInvalid("applicant_id", "use 1-32 lowercase letters, digits or '-'")
        if self.applicant_id in register:
            raise PayloadInvalid(
                "applicant_id",
                N_("{applicant} is already a member"),
                applicant=repr(self.applicant_id),
            )
        _required("name", self.name)
        if self.patents < 0:
            raise PayloadInvalid("patents", "must be 0 or more")
        if self.contribution < 0:
            raise PayloadInvalid("contribution", "must be 0 or more")
        if not self.representatives:
            raise PayloadInvalid("representatives", "name at least one representative")


@dataclass(frozen=True)
class _AboutMember:
    member_id: str
    reason: str = ""

    @property
    def subject(self) -> str | None:
        return self.member_id

    def validate(self, register: Collection[str]) -> None:
        if self.member_id not in register:
            raise PayloadInvalid(
                "member_id", N_("{member} is not a member of the pool"), member=repr(self.member_id)
            )


@dataclass(frozen=True)
class Withdrawal(_AboutMember):
    """A member leaves the pool."""

    kind: ClassVar[MotionKind] = MotionKind.WITHDRAWAL


@dataclass(frozen=True)
class Expulsion(_AboutMember):
    """The pool removes a member; ``reason`` states the grounds."""

    kind: ClassVar[MotionKind] = MotionKind.EXPULSION

    def validate(self, register: Collection[str]) -> None:
        super().validate(register)
        _required("reason", self.reason)


@dataclass(frozen=True)
class PricingBasis:
    """The grounds a fee must be set on, as the 2025 Guidelines list them."""

    patent_quantity_and_value: str
    contribution_to_product: str
    industry_margins: str
    lifecycle_stage: str
    price_sensitivity: str
    judicial_precedents: str


@dataclass(frozen=True)
class FeeChange:
    """A change to the royalty for one product category."""

    kind: ClassVar[MotionKind] = MotionKind.FEE_CHANGE
    product_category: str
    current_royalty: str
    proposed_royalty: str
    effective_date: date
    basis: PricingBasis

    @property
    def subject(self) -> str | None:
        return None

    def validate(self, register: Collection[str]) -> None:
        _required("product_category", self.product_category)
        _required("proposed_royalty", self.proposed_royalty)
        if self.proposed_royalty.strip() == self.current_royalty.strip():
            raise PayloadInvalid("proposed_royalty", "is the same as the current royalty")
        for item in fields(PricingBasis):
            _required(f"basis.{item.name}", getattr(self.basis, item.name))


@dataclass(frozen=True)
class DistributionChange:
    """A change to how licensing revenue is shared among members."""

    kind: ClassVar[MotionKind] = MotionKind.DISTRIBUTION_CHANGE
    current_rule: str
    proposed_rule: str
    effective_date: date

    @property
    def subject(self) -> str | None:
        return None

    def validate(self, register: Collection[str]) -> None:
        _required("proposed_rule", self.proposed_rule)


@dataclass(frozen=True)
class CharterAmendment:
    """A new charter text; it must parse and pass every charter check before the motion opens."""

    kind: ClassVar[MotionKind] = MotionKind.CHARTER_AMENDMENT
    charter_text: str
    summary: str = ""

    @property
    def subject(self) -> str | None:
        return None

    def validate(self, register: Collection[str]) -> None:
        _required("charter_text", self.charter_text)


@dataclass(frozen=True)
class General:
    """A general resolution: the motion's text says it all."""

    kind: ClassVar[MotionKind] = MotionKind.GENERAL

    @property
    def subject(self) -> str | None:
        return None

    def validate(self, register: Collection[str]) -> None:
        return None


@dataclass(frozen=True)
class MinutesApproval:
    """The members approve a meeting's circulated minutes; carried, they are locked."""

    kind: ClassVar[MotionKind] = MotionKind.MINUTES_APPROVAL
    occurrence_key: str

    @property
    def subject(self) -> str | None:
        return None

    def validate(self, register: Collection[str]) -> None:
        _required("occurrence_key", self.occurrence_key)
        if "@" not in self.occurrence_key or len(self.occurrence_key) > 160:
            raise PayloadInvalid(
                "occurrence_key", "must be a meeting key such as assembly@2027-01-04T10:00"
            )


Payload = (
    Admission
    | Withdrawal
    | Expulsion
    | FeeChange
    | DistributionChange
    | CharterAmendment
    | General
    | MinutesApproval
)

PAYLOADS: dict[MotionKind, type[Payload]] = {
    MotionKind.ADMISSION: Admission,
    MotionKind.WITHDRAWAL: Withdrawal,
    MotionKind.EXPULSION: Expulsion,
    MotionKind.FEE_CHANGE: FeeChange,
    MotionKind.DISTRIBUTION_CHANGE: DistributionChange,
    MotionKind.CHARTER_AMENDMENT: CharterAmendment,
    MotionKind.GENERAL: General,
    MotionKind.MINUTES_APPROVAL: MinutesApproval,
}


def payload_to_dict(payload: Payload) -> dict[str, Any]:
    """JSON-able form: fractions as ``"p/q"`` strings, dates ISO, tuples as lists."""

    def plain(value: Any) -> Any:
        if isinstance(value, Fraction):
            return f"{value.numerator}/{value.denominator}"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {"kind": payload.kind.value, **plain(asdict(payload))}


def payload_from_dict(data: Mapping[str, Any]) -> Payload:
    """Inverse of :func:`payload_to_dict`."""
    kind = MotionKind(data["kind"])
    values = {k: v for k, v in data.items() if k != "kind"}
    if kind is MotionKind.ADMISSION:
        return Admission(
            applicant_id=values["applicant_id"],
            name=values["name"],
            patents=int(values["patents"]),
            representatives=tuple(values["representatives"]),
            contribution=Fraction(values.get("contribution", "0")),
        )
    if kind is MotionKind.FEE_CHANGE:
        return FeeChange(
            product_category=values["product_category"],
            current_royalty=values["current_royalty"],
            proposed_royalty=values["proposed_royalty"],
            effective_date=date.fromisoformat(values["effective_date"]),
            basis=PricingBasis(**values["basis"]),
        )
    if kind is MotionKind.DISTRIBUTION_CHANGE:
        return DistributionChange(
            current_rule=values["current_rule"],
            proposed_rule=values["proposed_rule"],
            effective_date=date.fromisoformat(values["effective_date"]),
        )
    return PAYLOADS[kind](**values)
