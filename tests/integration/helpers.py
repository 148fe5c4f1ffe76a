"""Small steps storage tests repeat: open a motion of any kind, vote, close, look at every row."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, text

from bot.bootstrap import Storage
from governance.charter import MotionKind
from governance.commands import CastBallot, CloseMotion, OpenMotion
from governance.events import BallotRecorded, Event, MotionOpened
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
from governance.minutes import lifecycle as lc
from governance.services import cast_ballot, close_motion, open_motion
from governance.services.minutes_review import minutes_uow
from governance.tally import Choice
from storage.audit.verify import Checked
from storage.tables import Base
from tests.integration.charters import OPERATOR, charter_text, representative

WEEK = timedelta(days=7)


def payload_for(kind: MotionKind) -> Payload:
    basis = PricingBasis(*(f"grounds {n}" for n in range(6)))
    payloads: dict[MotionKind, Payload] = {
        MotionKind.ADMISSION: Admission("omega", "Omega Ltd", 25, ("U0OMEGA1",)),
        MotionKind.WITHDRAWAL: Withdrawal("beta", "leaving the market"),
        MotionKind.EXPULSION: Expulsion("gamma", "breach of the pool agreement"),
        MotionKind.FEE_CHANGE: FeeChange(
            "decoders", "0.20 USD", "0.25 USD", date(2027, 7, 1), basis
        ),
        MotionKind.DISTRIBUTION_CHANGE: DistributionChange(
            "by patents", "by patents and contribution", date(2027, 7, 1)
        ),
        MotionKind.CHARTER_AMENDMENT: CharterAmendment(
            charter_text(4, amended_threshold="2/3"), "lower the amendment threshold"
        ),
        MotionKind.GENERAL: General(),
        MotionKind.MINUTES_APPROVAL: MinutesApproval("assembly@2027-01-04T10:00"),
    }
    return payloads[kind]


def circulate_minutes(pool: Storage, key: str, now: datetime) -> None:
    """Minutes of ``key`` out for review, as if recorded (a minutes_approval motion needs them)."""
    review = lc.circulate(lc.draft(key, "The meeting adopted the budget.", now), now, WEEK)
    with minutes_uow(pool.uow()) as uow:
        uow.minutes_reviews.lock()
        facts = {
            "occurrence_key": key,
            "state": review.state.value,
            "review_closes": (now + WEEK).isoformat(),
            "text": review.text,
            "recorded_at": now.isoformat(),
            "agenda": None,
            "by": OPERATOR,
        }
        entry = uow.audit.append("minutes_circulated", facts, now)
        uow.minutes_reviews.save(review, entry.seq, entry.entry_hash)
        uow.commit()


def open_kind(pool: Storage, kind: MotionKind, now: datetime) -> MotionOpened:
    payload = payload_for(kind)
    if isinstance(payload, MinutesApproval):
        circulate_minutes(pool, payload.occurrence_key, now)
    command = OpenMotion(OPERATOR, f"A {kind.value} motion", "Be it resolved…", payload)
    (opened,) = open_motion(command, pool.uow(), now, pool.parse_charter)
    return opened


def vote(
    pool: Storage, motion_id: str, member: str, choice: Choice, now: datetime, key: str = ""
) -> BallotRecorded:
    command = CastBallot(
        motion_id, member, representative(member), choice, key or f"{motion_id}-{member}-{choice}"
    )
    (recorded,) = cast_ballot(command, pool.uow(), now)
    return recorded


def close(pool: Storage, motion_id: str, now: datetime) -> list[Event]:
    return close_motion(CloseMotion(motion_id), pool.uow(), now, pool.parse_charter)


def every_row(pool: Storage) -> dict[str, list[tuple[object, ...]]]:
    """The whole database, table by table, to prove that something wrote nothing."""
    with pool.reader() as uow:
        return {
            table.name: sorted((tuple(row) for row in uow.session.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def execute(pool: Storage, statement: str, **params: object) -> None:
    """Raw SQL, as someone with database access (and no audit key) could run it."""
    with pool.uow() as uow:
        uow.session.execute(text(statement), params)
        uow.commit()


def record_is_clean(result: object) -> bool:
    """``verify_database`` found an intact chain and every table what it records."""
    assert isinstance(result, Checked), result
    assert result.clean, [str(f) for f in result.findings]
    return True
