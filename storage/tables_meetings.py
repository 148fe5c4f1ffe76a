"""Tables for meetings: overrides, agenda items, RSVPs, check-ins, minutes and sent reminders."""

from __future__ import annotations
