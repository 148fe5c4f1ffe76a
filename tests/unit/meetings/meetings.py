"""The meetings the meeting tests share, and a charter around them; plain builders, no fixtures."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from governance.charter import Charter, Meeting, Operator, Pool, Supervisors, Weights

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")

QUARTERLY = "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"  # the General Assembly of CHARTER.md


def assembly(tz: ZoneInfo, rrule: str = QUARTERLY, starts: datetime | None = None) -> Meeting:
    """The General Assembly: 10:00 local on the first Tuesday of every third month from 2027-01."""
    return Meeting(
        id="general-assembly",
        title="General Assembly",
        rrule=rrule,
        starts=starts or datetime(2027, 1, 5, 10, 0, tzinfo=tz),
        duration=timedelta(hours=2),
        channel="C0GENERAL",
        quorum=Fraction(1, 2),
        reminders=(timedelta(days=7), timedelta(days=1), timedelta(hours=1)),
        agenda_closes=timedelta(days=2),
    )


def committee(tz: ZoneInfo) -> Meeting:
    """The Licensing Committee: 15:00 local on the third Thursday of every month from 2027-01."""
    return Meeting(
        id="licensing-committee",
        title="Licensing Committee",
        rrule="FREQ=MONTHLY;BYDAY=3TH",
        starts=datetime(2027, 1, 21, 15, 0, tzinfo=tz),
        duration=timedelta(minutes=90),
        channel="C0LICENSING",
        quorum=Fraction(1, 3),
    )


def charter(tz: ZoneInfo, *meetings: Meeting) -> Charter:
    return Charter(
        pool=Pool("Test Pool", tz),
        operator=Operator("Ops", ("U0OPS1",)),
        supervisors=Supervisors(("U0SUP1",)),
        members=(),
        weights=Weights(),
        motions={},
        meetings=meetings,
    )
