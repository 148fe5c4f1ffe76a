"""The daily witness post: the chain's current head, signed, in the supervisors' channel.

Every day at :data:`WITNESS_AT` (UTC) the job signs the head the chain has reached and posts it,
if entries were added since the last witness post. Heads are posted once each (notice key
``witness:<entry number>``, :mod:`bot.witness_posts`), and a close posts its own head, so a head
that was posted already means nothing was added since: then nothing is signed anew and nothing
is posted. The sweep schedules the next run under an id naming its day, so a sweep never
replaces a run that is due but has not started. A day on which the bot was down at
:data:`WITNESS_AT` gets no daily post; the next day's covers everything added meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from bot.runtime import Runtime
from bot.witness_posts import witness

WITNESS_AT = time(0, 0)  # UTC


class Timer(Protocol):
    """What scheduling needs of :class:`bot.scheduler.Scheduler`."""

    def at(self, job_id: str, when: datetime, func: Callable[..., Any], *args: Any) -> None: ...


def next_witness_at(now: datetime) -> datetime:
    """The first :data:`WITNESS_AT` after ``now`` (an aware UTC instant)."""
    today = datetime.combine(now.date(), WITNESS_AT, tzinfo=now.tzinfo)
    return today if today > now else today + timedelta(days=1)


def witness_job(rt: Runtime) -> bool:
    """Sign and post the current head unless it was posted before; whether it posted now."""
    if rt.heads is None:
        return False
    signed = rt.heads.current_head(rt.clock())
    if signed is None:  # an empty chain has no head
        return False
    return witness(rt, signed)


def schedule_witness(rt: Runtime, scheduler: Timer) -> None:
    """Make sure the next daily run is scheduled (the sweep calls this every time)."""
    when = next_witness_at(rt.clock())
    scheduler.at(f"witness:{when.date().isoformat()}", when, witness_job, rt)
