"""A pool with something in every table ``audit verify`` compares, built through the services.

Motions: a fee change carried with a changed vote, an admission carried, a charter amendment
carried, a distribution change carried, an
expulsion failed, a withdrawal withdrawn, a secret general motion still
open; a register update; a weekly meeting with its quorum recorded; a complaint acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.bootstrap import Storage
from governance.charter import MotionKind
from governance.commands import (
    DeclareConflict,
    InitialisePool,
    OpenMotion,
    UpdateMember,
    WithdrawMotion,
)
from governance.kinds import CharterAmendment
from governance.meetings.commands import CheckInToMeeting, RecordAttendance
from governance.services import initialise_pool, open_motion, update_member, withdraw_motion
from governance.services.conflicts import declare_conflict
from governance.services.meeting_attendance import check_in, record_attendance
from governance.tally import Choice
from tests.integration.charters import OPERATOR, representative
from tests.integration.complaint_steps import acknowledge, file, with_sealer
from tests.integration.helpers import close, open_kind, vote
from tests.integration.meeting_steps import CALENDAR, KEY_MAR_1, START_MAR_1, meeting_charter

BEGIN = datetime(2027, 2, 20, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
FOUR = ("acme", "beta", "gamma", "delta")


def secret_charter() -> str:
    """The meeting charter, with ``general`` motions secret."""
    text = meeting_charter()
    return text.replace("general: {allow_change: false}", "general: {secret: true}")


@dataclass(frozen=True)
class Motions:
    fee: str
    admission: str
    amendment: str
    distribution: str
    failed: str
    withdrawn: str
    secret: str


def build_record_pool(runtime: Storage) -> Motions:
    pool = with_sealer(runtime)
    parse = pool.parse_charter
    initialise_pool(InitialisePool(secret_charter()), pool.uow(), BEGIN, parse)
    update_member(
        UpdateMember(
            OPERATOR,
            "acme",
            patents=12,
            representatives=(representative("acme", 1), representative("acme", 3)),
        ),
        pool.uow(),
        BEGIN + HOUR,
        parse,
    )
    at = BEGIN + 2 * HOUR
    fee = open_kind(pool, MotionKind.FEE_CHANGE, at).motion_id
    vote(pool, fee, "acme", Choice.NO, at)
    for member in FOUR:
        vote(pool, fee, member, Choice.YES, at + HOUR)  # acme changes its vote
    assert close(pool, fee, at + HOUR)  # everyone voted: closes early, carried

    admission = open_kind(pool, MotionKind.ADMISSION, at + 2 * HOUR).motion_id
    for member in FOUR:
        vote(pool, admission, member, Choice.YES, at + 3 * HOUR)
    assert close(pool, admission, at + 3 * HOUR)

    amended = CharterAmendment(secret_charter().replace("3/4", "2/3"), "a lower threshold")
    command = OpenMotion(OPERATOR, "Amend the charter", "Be it resolved…", amended)
    (opened,) = open_motion(command, pool.uow(), at + 4 * HOUR, parse)
    amendment = opened.motion_id
    for member in (*FOUR, "omega"):
        vote(pool, amendment, member, Choice.YES, at + 5 * HOUR)
    assert close(pool, amendment, at + 5 * HOUR)

    distribution = open_kind(pool, MotionKind.DISTRIBUTION_CHANGE, at + 6 * HOUR).motion_id
    for member in (*FOUR, "omega"):
        vote(pool, distribution, member, Choice.YES, at + 7 * HOUR)
    assert close(pool, distribution, at + 7 * HOUR)

    failed = open_kind(pool, MotionKind.EXPULSION, at + 7 * HOUR).motion_id
    for member in ("acme", "beta", "delta", "omega"):  # gamma is recused
        vote(pool, failed, member, Choice.NO, at + 7 * HOUR)
    assert close(pool, failed, at + 7 * HOUR)

    withdrawn = open_kind(pool, MotionKind.WITHDRAWAL, at + 8 * HOUR).motion_id
    vote(pool, withdrawn, "acme", Choice.YES, at + 8 * HOUR)
    withdraw_motion(
        WithdrawMotion(withdrawn, OPERATOR, "filed in error"), pool.uow(), at + 9 * HOUR, parse
    )

    secret = open_kind(pool, MotionKind.GENERAL, START_MAR_1 - HOUR).motion_id
    vote(pool, secret, "beta", Choice.NO, START_MAR_1 - HOUR)
    vote(pool, secret, "gamma", Choice.YES, START_MAR_1 - HOUR)
    declared = DeclareConflict(representative("delta"), secret, "an affiliate holds a licence")
    declare_conflict(declared, pool.uow(), START_MAR_1 - HOUR, parse)

    for member in ("beta", "gamma", "omega"):
        arrival = CheckInToMeeting(representative(member), KEY_MAR_1)
        check_in(arrival, pool.uow(), START_MAR_1 + timedelta(minutes=1), parse, CALENDAR)
    grace = START_MAR_1 + timedelta(minutes=10)
    assert record_attendance(RecordAttendance(KEY_MAR_1), pool.uow(), grace, parse, CALENDAR)

    complaint = file(pool, START_MAR_1 + HOUR)
    acknowledge(pool, complaint.id, START_MAR_1 + 2 * HOUR)
    return Motions(fee, admission, amendment, distribution, failed, withdrawn, secret)
