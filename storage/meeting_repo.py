"""Meetings in SQL: implements :class:`governance.meetings.ports.MeetingRepository`."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlMeetingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
