"""Complaints in SQL: implements :class:`governance.complaints.ports.ComplaintRepository`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from governance.meetings.agenda import OpenComplaint


class SqlComplaintRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def open_for_agenda(self) -> list[OpenComplaint]:
        return []
