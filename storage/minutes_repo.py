"""Minutes reviews and their corrections (:mod:`storage.tables_minutes`)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from governance.minutes.lifecycle import (
    ApprovedBy,
    Correction,
    CorrectionState,
    MinutesReview,
    MinutesState,
)
from storage.tables import AuditHeadRow
from storage.tables_minutes import MinutesCorrectionRow, MinutesReviewRow


def _correction(row: MinutesCorrectionRow) -> Correction:
    return Correction(
        id=row.id,
        proposed_by=row.proposed_by,
        member_id=row.member_id,
        text=row.text,
        proposed_at=row.proposed_at,
        state=CorrectionState(row.state),
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


class SqlMinutesReviewRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _review(self, row: MinutesReviewRow) -> MinutesReview:
        corrections = self._session.scalars(
            select(MinutesCorrectionRow)
            .where(MinutesCorrectionRow.occurrence_key == row.occurrence_key)
            .order_by(MinutesCorrectionRow.id)
        )
        return MinutesReview(
            occurrence_key=row.occurrence_key,
            text=row.text,
            state=MinutesState(row.state),
            recorded_at=row.recorded_at,
            review_closes=row.review_closes,
            corrections=tuple(_correction(c) for c in corrections),
            approved_by=ApprovedBy(row.approved_by) if row.approved_by else None,
            approved_ref=row.approved_ref,
            approved_at=row.approved_at,
            text_hash=row.text_hash,
            audit_seq=row.audit_seq,
        )

    def get(self, occurrence_key: str) -> MinutesReview | None:
        row = self._session.get(MinutesReviewRow, occurrence_key)
        return None if row is None else self._review(row)

    def all(self) -> list[MinutesReview]:
        rows = self._session.scalars(
            select(MinutesReviewRow).order_by(
                MinutesReviewRow.recorded_at, MinutesReviewRow.occurrence_key
            )
        )
        return [self._review(r) for r in rows]

    def save(self, review: MinutesReview, audit_seq: int, audit_hash: str) -> None:
        row = self._session.get(MinutesReviewRow, review.occurrence_key)
        if row is None:
            row = MinutesReviewRow(occurrence_key=review.occurrence_key)
            self._session.add(row)
        row.text = review.text
        row.state = review.state.value
        row.recorded_at = review.recorded_at
        row.review_closes = review.review_closes
        row.approved_by = review.approved_by.value if review.approved_by else None
        row.approved_ref = review.approved_ref
        row.approved_at = review.approved_at
        row.text_hash = review.text_hash
        row.audit_seq = audit_seq
        row.audit_hash = audit_hash
        self._session.flush()

    def lock(self) -> None:
        """Take the audit head's row lock now (PostgreSQL; SQLite has one writer anyway): every
        step appends an entry and needs it, and reading the minutes after it means two steps
        on the same minutes never both act on what they read before the other committed."""
        self._session.execute(select(AuditHeadRow.seq).with_for_update())

    def next_correction_id(self) -> int:
        top = self._session.scalar(select(func.max(MinutesCorrectionRow.id)))
        return int(top or 0) + 1

    def add_correction(self, occurrence_key: str, correction: Correction, audit_seq: int) -> None:
        self._session.add(
            MinutesCorrectionRow(
                id=correction.id,
                occurrence_key=occurrence_key,
                proposed_by=correction.proposed_by,
                member_id=correction.member_id,
                text=correction.text,
                proposed_at=correction.proposed_at,
                state=correction.state.value,
                reason=correction.reason,
                decided_by=correction.decided_by,
                decided_at=correction.decided_at,
                audit_seq=audit_seq,
            )
        )
        self._session.flush()

    def decide_correction(self, correction: Correction) -> None:
        row = self._session.get(MinutesCorrectionRow, correction.id)
        if row is None:
            raise LookupError(f"no correction {correction.id}")
        row.state = correction.state.value
        row.reason = correction.reason
        row.decided_by = correction.decided_by
        row.decided_at = correction.decided_at
        self._session.flush()

    def correction(self, correction_id: int) -> tuple[str, Correction] | None:
        row = self._session.get(MinutesCorrectionRow, correction_id)
        return None if row is None else (row.occurrence_key, _correction(row))
