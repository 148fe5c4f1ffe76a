"""Services: each takes a command, a unit of work and ``now`` (never the clock) and returns events.

Writes: :func:`initialise_pool`, :func:`open_motion`, :func:`cast_ballot` (and :func:`cast_ballots`,
many in one transaction), :func:`withdraw_motion`,
:func:`close_motion` (which applies a carried motion's effect), :func:`update_member`.
Reads live in :mod:`governance.services.queries`.
"""

from __future__ import annotations

from governance.services.ballots import cast_ballot, cast_ballots
from governance.services.closing import close_motion
from governance.services.motions import open_motion, withdraw_motion
from governance.services.pool import initialise_pool, update_member

__all__ = [
    "cast_ballot",
    "cast_ballots",
    "close_motion",
    "initialise_pool",
    "open_motion",
    "update_member",
    "withdraw_motion",
]
