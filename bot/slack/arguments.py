"""What people type into commands and forms, read strictly at the edge, each with its limit.

Storage enforces some limits itself (PostgreSQL refuses a title over its column's length, where
SQLite stores it whole) and Slack others (a section's 3,000 characters); every one is checked
here first, so that both engines answer alike and the person learns what was wrong. Numbers are
ASCII digits only: ``"²".isdigit()`` is true, and ``int("²")`` a fault.
"""

from __future__ import annotations

import json
from typing import Any

from bot.i18n import N_, _, t
from bot.i18n.speech import unmarked, upper_first
from bot.slack.refusals import quantity_text
from bot.slack.replies import Refusal
from governance.quantities import parse_whole

#: Motion and complaint ids are PostgreSQL ``integer`` keys.
LARGEST_ID = 2**31 - 1
#: ``meeting_overrides.meeting_id`` is 64 characters; ids are written like the charter's.
MEETING_ID_LENGTH = 64
#: ``meeting_overrides.title`` and ``meeting_minutes.title``.
MEETING_TITLE_LENGTH = 200
#: A reason (a withdrawal's, a move's, a cancellation's) is shown in one Slack section.
REASON_LENGTH = 1000
#: An occurrence key, ``general-assembly@2027-01-05T10:00``: ``meeting_id`` plus its start.
OCCURRENCE_KEY_LENGTH = MEETING_ID_LENGTH + 20
ECHO = 40


def echo(text: str) -> str:
    """A bit of what was typed, to quote in a refusal (never pages of it)."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= ECHO else one_line[: ECHO - 1] + "…"


def record_id(text: str, what: str, usage: str) -> str:
    """A motion's or complaint's number as typed or carried by a button, in canonical form."""
    try:
        return str(parse_whole(text, largest=LARGEST_ID, what=what))
    except ValueError as error:
        problem = quantity_text(error)
        if unmarked(problem) == str(error):  # English: as it always read
            problem = upper_first(problem)
        raise Refusal(t("{problem}. {usage}", problem=problem, usage=usage)) from None


#: what :func:`within` is given to name (English, marked for the catalog; shown translated)
WHATS = (
    N_("A receipt"),
    N_("A reason"),
    N_("A meeting's title"),
    N_("An agenda item"),
)


def within(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise Refusal(
            t(
                "{what} is at most {limit} characters; this one has {length}.",
                what=_(what),
                limit=limit,
                length=len(text),
            )
        )
    return text


class StaleForm(Refusal):
    def __init__(self) -> None:
        super().__init__(t("This form is out of date or was not made by poolgov; open it again."))


def metadata(text: str, keys: tuple[str, ...]) -> dict[str, str | None]:
    """A view's ``private_metadata`` as poolgov wrote it: a JSON object of ``keys`` to strings."""
    try:
        data: Any = json.loads(text or "{}")
    except ValueError:
        raise StaleForm() from None
    if not isinstance(data, dict) or set(data) - set(keys):
        raise StaleForm()
    if any(value is not None and not isinstance(value, str) for value in data.values()):
        raise StaleForm()
    return {key: data.get(key) for key in keys}


def input_limits(view: dict[str, Any]) -> dict[str, int]:
    """Each text input's ``max_length`` in a modal poolgov builds, by block id."""
    return {
        str(block["block_id"]): int(block["element"]["max_length"])
        for block in view.get("blocks", [])
        if block.get("type") == "input" and "max_length" in block.get("element", {})
    }


def over_limits(
    values: dict[str, dict[str, dict[str, Any]]], limits: dict[str, int]
) -> dict[str, str]:
    """``{block_id: message}`` for each submitted text longer than its input allows.

    Slack holds a person to ``max_length`` as they type; a submission made by other means is
    held to it here, since storage and Slack's own blocks have the same limits or smaller.
    """
    errors: dict[str, str] = {}
    for block_id, limit in limits.items():
        for entry in values.get(block_id, {}).values():
            text = entry.get("value")
            if isinstance(text, str) and len(text.strip()) > limit:
                errors[block_id] = _("At most {limit} characters, please.").format(limit=limit)
    return errors
