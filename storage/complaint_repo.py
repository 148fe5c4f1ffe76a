"""Complaints in SQL: implements :class:`governance.complaints.ports.ComplaintRepository`."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlComplaintRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
