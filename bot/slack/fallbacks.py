"""The last listeners: a well-formed request no other listener takes is acknowledged, not 404.

Bolt answers 404 (and logs a warning) for a request no listener matches, and Slack then shows an
error or delivers an event again. A click on a link button, an element of a modal, a modal
closed, an event poolgov subscribes to without acting on: each is acknowledged here and nothing
else happens. Registered after every other listener, since Bolt takes the first that matches.
(A slash command poolgov does not declare is a malformed envelope: 400.)
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

ANY = re.compile(r".*", re.DOTALL)


def register(app: App) -> None:
    @app.action(ANY)
    def any_other_action(ack: Ack) -> None:
        ack()

    @app.view(ANY)
    def any_other_submission(ack: Ack) -> None:
        ack()

    @app.view_closed(ANY)
    def any_closed_view(ack: Ack) -> None:
        ack()

    @app.event(ANY)
    def any_other_event(body: dict[str, Any]) -> None:
        return None
