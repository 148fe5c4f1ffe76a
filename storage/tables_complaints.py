"""Tables for supervisory complaints: sealed content, status history and sent reminders."""

from __future__ import annotations
