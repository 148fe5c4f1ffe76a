"""Complaint steps storage tests repeat, on a pool whose complaint key is fixed."""

from __future__ import annotations

from datetime import datetime

from bot.bootstrap import Storage
from governance.complaints import Complaint, ComplaintCategory
from governance.services.complaint_commands import (
    AcknowledgeComplaint,
    AnswerComplaint,
    FileComplaint,
)
from governance.services.complaints import (
    acknowledge_complaint,
    answer_complaint,
    file_complaint,
)
from storage.sealing import Sealer
from tests.integration.charters import OPERATOR, SUPERVISOR

COMPLAINT_KEY = bytes(range(32))
CANARY = "CANARY-7f3e9a1c-integration"


def with_sealer(storage: Storage) -> Storage:
    sealer = Sealer(COMPLAINT_KEY)
    storage.sealer = lambda: sealer
    return storage


def file(pool: Storage, now: datetime, *, anonymous: bool = False) -> Complaint:
    command = FileComplaint(
        SUPERVISOR,
        ComplaintCategory.FEE_CALCULATION,
        f"Royalty base {CANARY}",
        f"The operator counts decoders twice. {CANARY}",
        ("https://example.org/evidence",),
        anonymous,
    )
    (filed,) = file_complaint(command, pool.uow(), now, pool.parse_charter)
    return filed.complaint


def acknowledge(pool: Storage, complaint_id: str, now: datetime) -> Complaint:
    command = AcknowledgeComplaint(complaint_id, OPERATOR)
    (done,) = acknowledge_complaint(command, pool.uow(), now, pool.parse_charter)
    return done.complaint


def answer(pool: Storage, complaint_id: str, now: datetime, text: str = "") -> Complaint:
    command = AnswerComplaint(complaint_id, OPERATOR, text or f"We checked it. {CANARY}")
    (done,) = answer_complaint(command, pool.uow(), now, pool.parse_charter)
    return done.complaint
