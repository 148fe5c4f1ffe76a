"""The ``actions`` charter section: which follow-up actions a carried motion creates, by kind.

Kinds are the :class:`~governance.charter.MotionKind` values (plain text here, so the charter can
hold these rules without an import cycle). A kind written in the charter replaces its defaults; a
kind written as an empty list creates no action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

OPERATOR = "operator"
SUPERVISORS = "supervisors"
ROLES = (OPERATOR, SUPERVISORS)


class Anchor(StrEnum):
    """``relative_to``: what an action's due date counts from."""

    CLOSE = "close"
    EFFECTIVE_DATE = "effective_date"


@dataclass(frozen=True)
class ActionTemplate:
    """One ``actions.<kind>[]`` entry. ``key`` names a default's wording (shown translated)."""

    description: str
    owner: str = OPERATOR
    due: timedelta = timedelta(days=30)
    relative_to: Anchor = Anchor.CLOSE
    before: bool = False
    key: str | None = None


DEFAULT_TEMPLATES: Mapping[str, tuple[ActionTemplate, ...]] = {
    "admission": (
        ActionTemplate(
            "Sign the pooling agreement with the new member.",
            due=timedelta(days=30),
            key="admission.agreement",
        ),
    ),
    "fee_change": (
        ActionTemplate(
            "Notify the licensees of the new royalty before its effective date.",
            due=timedelta(0),
            relative_to=Anchor.EFFECTIVE_DATE,
            before=True,
            key="fee_change.notify",
        ),
    ),
    "distribution_change": (
        ActionTemplate(
            "Apply the new distribution rule from the next distribution period.",
            due=timedelta(0),
            relative_to=Anchor.EFFECTIVE_DATE,
            key="distribution_change.apply",
        ),
    ),
    "expulsion": (
        ActionTemplate(
            "Terminate the expelled member's licences and settle its account.",
            due=timedelta(days=30),
            key="expulsion.settle",
        ),
    ),
    "charter_amendment": (
        ActionTemplate(
            "Publish the new charter to the members.",
            due=timedelta(days=7),
            key="charter_amendment.publish",
        ),
    ),
}
DEFAULT_REMIND_BEFORE = (timedelta(days=3), timedelta(days=1))


@dataclass(frozen=True)
class ActionRules:
    """``actions``: the templates per kind (a kind written replaces its defaults) and reminders."""

    templates: Mapping[str, tuple[ActionTemplate, ...]] = field(
        default_factory=lambda: dict(DEFAULT_TEMPLATES)
    )
    remind_before: tuple[timedelta, ...] = DEFAULT_REMIND_BEFORE

    def for_kind(self, kind: str) -> tuple[ActionTemplate, ...]:
        return tuple(self.templates.get(kind, ()))
