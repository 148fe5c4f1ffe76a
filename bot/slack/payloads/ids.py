"""Slack ids as the edge accepts them: ASCII capitals and digits, the kind's letter first.

Ids are checked here, once, so that nothing malformed reaches the register (``USER_ID`` is 64
characters in storage; these are at most 32) or a log line.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

UserId = Annotated[str, StringConstraints(pattern=r"^[UW][A-Z0-9]{1,31}$")]
TeamId = Annotated[str, StringConstraints(pattern=r"^[TE][A-Z0-9]{1,31}$")]
EnterpriseId = Annotated[str, StringConstraints(pattern=r"^E[A-Z0-9]{1,31}$")]
ChannelId = Annotated[str, StringConstraints(pattern=r"^[CGD][A-Z0-9]{1,31}$")]
#: A message or action timestamp, ``1712345678.000100``.
Timestamp = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,10}(\.[0-9]{1,9})?$")]
#: ``trigger_id``, ``view.id``, ``hash``: opaque, but short and printable ASCII.
Opaque = Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{1,255}$")]
#: A ``trigger_id`` as Slack issues them, ``13345224609.738474920.8088930838d88f008e0``.
TriggerId = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{1,20}\.[0-9]{1,20}\.[0-9a-zA-Z]{1,64}$")
]
