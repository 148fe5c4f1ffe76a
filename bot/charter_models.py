"""The shape of ``charter.yaml`` as strict pydantic models: types only, at the edge.

Every section refuses keys it does not know. Rationals go through
:func:`governance.quantities.parse_rational` and durations through
:func:`governance.quantities.parse_duration`; a YAML float is refused with a hint to quote it,
because counting is exact. An optional key left out (or written ``null``) takes the default the
governance dataclasses define, so defaults live in one place. Turning these models into a
:class:`governance.charter.Charter` is :mod:`bot.charter_file`'s job.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StrictBool, StrictInt, StrictStr

from governance.action_rules import Anchor
from governance.bilingual import TAGS
from governance.charter import Basis, MotionKind, ProxyHolders, ThresholdOf, ThresholdRule
from governance.quantities import parse_duration, parse_rational


def _rational(value: object) -> Fraction:
    if isinstance(value, float):
        hint = ""
        if math.isfinite(value):
            exact = Fraction(Decimal(repr(value)))
            hint = f" or write the fraction {exact}" if exact.denominator != 1 else ""
        raise ValueError(
            f"{value!r} is a YAML float, which is not exact; counting is exact, so quote it "
            f'("{value!r}"){hint}'
        )
    return parse_rational(value)


def _duration(value: object) -> timedelta:
    return parse_duration(value)


def _zone(value: object) -> ZoneInfo:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("write an IANA time zone such as Asia/Shanghai or Europe/Berlin")
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not an IANA time zone; write e.g. Asia/Shanghai or Europe/Berlin"
        ) from None


def _local_time(value: object) -> datetime:
    """ISO 8601; naive here, placed in ``pool.timezone`` later, unless it carries an offset."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        raise ValueError(f"{value.isoformat()} has no time of day; write e.g. {value}T10:00")
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not an ISO 8601 time; write e.g. 2027-01-05T10:00")


def _language(value: object) -> str:
    if isinstance(value, str) and value in TAGS:
        return value
    raise ValueError(f"{value!r} is not a language poolgov speaks; write en or zh-Hans")


def _local_text(value: object) -> str | dict[str, str]:
    """A text people read: a string, or a mapping by language (``{zh-Hans: …, en: …}``)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        raise ValueError(
            f"must be a text or a mapping by language (en, zh-Hans), not {value!r:.40}"
        )
    if not value:
        raise ValueError("an empty mapping; write the text, or {en: …, zh-Hans: …}")
    faults: list[str] = []
    for key, text in value.items():
        if key not in TAGS:
            faults.append(f"{key!r} is not a language poolgov speaks; write en or zh-Hans")
        elif not isinstance(text, str) or not text.strip():
            faults.append(f"{key}: must be a text that is not empty, not {text!r:.40}")
    if faults:
        raise ValueError("; ".join(faults))
    return {str(key): str(text) for key, text in value.items()}


Rational = Annotated[Fraction, PlainValidator(_rational)]
#: ``pool.language``: a charter tag of :data:`governance.bilingual.TAGS`
LanguageTag = Annotated[str, PlainValidator(_language)]
#: a string, or a mapping by language tag
LocalText = Annotated[str | dict[str, str], PlainValidator(_local_text)]
Duration = Annotated[timedelta, PlainValidator(_duration)]
TimeZone = Annotated[ZoneInfo, PlainValidator(_zone)]
LocalTime = Annotated[datetime, PlainValidator(_local_time)]
SlackIds = list[StrictStr]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PoolFile(_Section):
    name: LocalText
    timezone: TimeZone
    language: LanguageTag | None = None


class OperatorFile(_Section):
    name: StrictStr
    users: SlackIds


class SupervisorsFile(_Section):
    users: SlackIds
    channel: StrictStr | None = None


class MemberFile(_Section):
    id: StrictStr
    name: LocalText
    patents: StrictInt
    contribution: Rational | None = None
    representatives: SlackIds | None = None


class WeightsFile(_Section):
    basis: Annotated[Basis, Field(strict=False)] | None = None
    base: Rational | None = None
    per_unit: Rational | None = None
    cap: Rational | None = None


class MotionRulesFile(_Section):
    """``motions.default`` or one ``motions.<kind>``; only the keys written override."""

    voting_period: Duration | None = None
    quorum: Rational | None = None
    quorum_members: Rational | None = None
    threshold: Rational | None = None
    threshold_of: Annotated[ThresholdOf, Field(strict=False)] | None = None
    threshold_rule: Annotated[ThresholdRule, Field(strict=False)] | None = None
    member_threshold: Rational | None = None
    blocking_minority_members: StrictInt | None = None
    recuse: list[StrictStr] | None = None
    secret: StrictBool | None = None
    allow_change: StrictBool | None = None
    reminders: list[Duration] | None = None


class MotionsFile(_Section):
    """``motions``: one field per :class:`~governance.charter.MotionKind`, plus ``default``."""

    default: MotionRulesFile | None = None
    admission: MotionRulesFile | None = None
    withdrawal: MotionRulesFile | None = None
    expulsion: MotionRulesFile | None = None
    fee_change: MotionRulesFile | None = None
    distribution_change: MotionRulesFile | None = None
    charter_amendment: MotionRulesFile | None = None
    general: MotionRulesFile | None = None
    minutes_approval: MotionRulesFile | None = None

    def override(self, kind: MotionKind) -> MotionRulesFile | None:
        rules: MotionRulesFile | None = getattr(self, kind.value)
        return rules


class MeetingFile(_Section):
    id: StrictStr
    title: LocalText
    rrule: StrictStr
    starts: LocalTime
    duration: Duration
    channel: StrictStr
    quorum: Rational | None = None
    reminders: list[Duration] | None = None
    agenda_closes: Duration | None = None
    check_in_grace: Duration | None = None
    minutes_review: Duration | None = None


class ComplaintsFile(_Section):
    acknowledge_within: Duration | None = None
    respond_within: Duration | None = None
    anonymous: StrictBool | None = None


class ActionTemplateFile(_Section):
    """One ``actions.kinds.<kind>[]`` entry (see docs/charter-extensions.md)."""

    description: StrictStr
    owner: StrictStr | None = None
    due: Duration | None = None
    relative_to: Annotated[Anchor, Field(strict=False)] | None = None
    before: StrictBool | None = None


class ActionKindsFile(_Section):
    """``actions.kinds``: one list per motion kind; a kind written replaces its defaults."""

    admission: list[ActionTemplateFile] | None = None
    withdrawal: list[ActionTemplateFile] | None = None
    expulsion: list[ActionTemplateFile] | None = None
    fee_change: list[ActionTemplateFile] | None = None
    distribution_change: list[ActionTemplateFile] | None = None
    charter_amendment: list[ActionTemplateFile] | None = None
    general: list[ActionTemplateFile] | None = None
    minutes_approval: list[ActionTemplateFile] | None = None


class ActionsFile(_Section):
    """``actions``: follow-up actions of carried motions, and reminders to their owners."""

    remind_before: list[Duration] | None = None
    kinds: ActionKindsFile | None = None


class ProxiesFile(_Section):
    """``proxies``: see :class:`governance.charter.Proxies` and docs/charter-extensions.md."""

    allowed: StrictBool | None = None
    max_held: StrictInt | None = None
    holders: Annotated[ProxyHolders, Field(strict=False)] | None = None
    meetings: StrictBool | None = None
    instructions: StrictBool | None = None


def _day(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("a date such as 2027-01-01 is needed")


Day = Annotated[date, PlainValidator(_day)]


class FeeFile(_Section):
    """``fees[]``: the opening fee schedule, one product category a line."""

    product_category: StrictStr
    royalty: StrictStr
    effective_date: Day


class CharterFile(_Section):
    """The whole file; ``version`` is the format version (1)."""

    version: Literal[1] = 1
    pool: PoolFile
    operator: OperatorFile
    supervisors: SupervisorsFile
    members: list[MemberFile]
    weights: WeightsFile | None = None
    motions: MotionsFile | None = None
    meetings: list[MeetingFile] | None = None
    complaints: ComplaintsFile | None = None
    competition_notice: LocalText | None = None
    actions: ActionsFile | None = None
    proxies: ProxiesFile | None = None
    fees: list[FeeFile] | None = None


SECTIONS: tuple[type[BaseModel], ...] = (
    CharterFile,
    PoolFile,
    OperatorFile,
    SupervisorsFile,
    MemberFile,
    WeightsFile,
    MotionsFile,
    MotionRulesFile,
    MeetingFile,
    ComplaintsFile,
    ActionsFile,
    ActionKindsFile,
    ActionTemplateFile,
    ProxiesFile,
    FeeFile,
)
KNOWN_KEYS: frozenset[str] = frozenset(key for model in SECTIONS for key in model.model_fields)
