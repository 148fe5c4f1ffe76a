"""Who will come, and who came: RSVPs, the quorum forecast, check-in (``meetings[].quorum``).

Any representative answers for its member; a member's latest answer counts. The forecast adds
the weight of the members attending and compares it with the meeting's quorum, a share of the
whole register's weight, exactly: the quorum is met when the weight is *at least* the quorum
share (as for motions, only falling short means no quorum). At the start a check-in records who
is present; the check-in closes ``check_in_grace`` after the scheduled start, and the quorum is
recorded then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from governance.errors import UnknownMember
from governance.meetings.occurrences import require_aware


@dataclass(frozen=True)
class RSVP:
    """A member's answer to a reminder, given by ``by_user`` at ``at``."""

    member_id: str
    attending: bool
    at: datetime
    by_user: str


@dataclass(frozen=True)
class Forecast:
    """The running forecast shown under the reminders; members are listed sorted by id."""

    attending: tuple[str, ...]
    not_attending: tuple[str, ...]
    attending_weight: Fraction
    quorum_weight: Fraction
    met: bool


@dataclass(frozen=True)
class CheckIn:
    """A member present at the meeting, checked in by ``by_user`` at ``at``."""

    member_id: str
    at: datetime
    by_user: str


@dataclass(frozen=True)
class AttendanceResult:
    """Who was present when the check-in closed, and whether that made the quorum."""

    present: tuple[str, ...]
    present_weight: Fraction
    quorum_weight: Fraction
    quorum_met: bool
    late: tuple[str, ...] = ()  # checked in after the check-in closed: minuted, not counted


def quorum_weight(weights: Mapping[str, Fraction], quorum: Fraction) -> Fraction:
    """``quorum`` × the register's total weight: the weight that must be there."""
    return quorum * sum(weights.values(), Fraction(0))


def _weight_of(members: Iterable[str], weights: Mapping[str, Fraction]) -> Fraction:
    total = Fraction(0)
    for member_id in members:
        if member_id not in weights:
            raise UnknownMember(member_id)
        total += weights[member_id]
    return total


def latest_rsvps(rsvps: Iterable[RSVP]) -> dict[str, RSVP]:
    """Each member's latest answer; of two given at the same instant, the one listed later."""
    latest: dict[str, RSVP] = {}
    for rsvp in rsvps:
        require_aware("at", rsvp.at)
        held = latest.get(rsvp.member_id)
        if held is None or rsvp.at >= held.at:
            latest[rsvp.member_id] = rsvp
    return latest


def forecast(rsvps: Iterable[RSVP], weights: Mapping[str, Fraction], quorum: Fraction) -> Forecast:
    """The weight of the members whose latest answer is *attending*, against the quorum.

    ``weights`` are the members' shares of the register; an answer from a member not in it is
    :class:`UnknownMember`.
    """
    answers = latest_rsvps(rsvps)
    attending = sorted(m for m, r in answers.items() if r.attending)
    not_attending = sorted(m for m, r in answers.items() if not r.attending)
    _weight_of(not_attending, weights)  # every answer must come from a member
    weight = _weight_of(attending, weights)
    needed = quorum_weight(weights, quorum)
    return Forecast(tuple(attending), tuple(not_attending), weight, needed, weight >= needed)


def check_in_closes_at(start: datetime, grace: timedelta) -> datetime:
    """``meetings[].check_in_grace``: the instant (UTC) at which the quorum is recorded."""
    require_aware("start", start)
    return start.astimezone(UTC) + grace


def present(
    check_ins: Iterable[CheckIn],
    weights: Mapping[str, Fraction],
    quorum: Fraction,
    closes_at: datetime | None = None,
) -> AttendanceResult:
    """The members checked in, their weight, and whether it meets the quorum.

    With ``closes_at``, a check-in at or after it is late: listed, not counted towards the quorum.
    A member checked in twice counts once (its earliest check-in decides whether it was late).
    """
    first: dict[str, datetime] = {}
    for check_in in check_ins:
        require_aware("at", check_in.at)
        held = first.get(check_in.member_id)
        first[check_in.member_id] = check_in.at if held is None else min(held, check_in.at)
    on_time = sorted(m for m, at in first.items() if closes_at is None or at < closes_at)
    late = sorted(set(first) - set(on_time))
    _weight_of(late, weights)
    weight = _weight_of(on_time, weights)
    needed = quorum_weight(weights, quorum)
    return AttendanceResult(tuple(on_time), weight, needed, weight >= needed, tuple(late))
