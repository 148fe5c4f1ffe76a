"""What the minutes lifecycle needs from storage."""

from __future__ import annotations

from typing import Protocol

from governance.minutes.lifecycle import Correction, MinutesReview
from governance.ports import UnitOfWork


class MinutesReviewRepository(Protocol):
    def lock(self) -> None:
        """Serialise the steps on minutes (called first in each writing transaction)."""
        ...

    def get(self, occurrence_key: str) -> MinutesReview | None: ...
    def all(self) -> list[MinutesReview]:
        """Every occurrence's minutes, oldest recorded first."""
        ...

    def save(self, review: MinutesReview, audit_seq: int, audit_hash: str) -> None:
        """Insert or update the review's own row (not its corrections)."""
        ...

    def next_correction_id(self) -> int: ...
    def add_correction(
        self, occurrence_key: str, correction: Correction, audit_seq: int
    ) -> None: ...
    def decide_correction(self, correction: Correction) -> None: ...
    def correction(self, correction_id: int) -> tuple[str, Correction] | None:
        """The occurrence key a correction belongs to, and the correction."""
        ...


class MinutesUnitOfWork(UnitOfWork, Protocol):
    """The pool's unit of work with the minutes' repository."""

    @property
    def minutes_reviews(self) -> MinutesReviewRepository: ...
