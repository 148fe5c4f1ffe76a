"""The operator's ``/pool member ID`` modal and the declared-conflict modal, built and read.

The member modal shows the entry as it stands: patents in force, contribution score, name, and the
representatives in a user picker (add or remove people there), with a required reason. What comes
back is checked field by field (``response_action: errors``) before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bot.i18n import _
from bot.slack.arguments import StaleForm, metadata
from governance.charter import Member
from governance.quantities import format_rational

Block = dict[str, Any]
MEMBER_CALLBACK = "register_member"
CONFLICT_CALLBACK = "conflict_declare"
DECLARE_ACTION = "conflict_declare_open"
REASON_LIMIT = 500
NAME_LIMIT = 200


def _input(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": element,
        "optional": optional,
    }


def _text(initial: str | None, max_length: int, *, multiline: bool = False) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": "value",
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = initial
    return element


def member_modal(member: Member) -> Block:
    """The entry of ``member`` to edit (``private_metadata`` names the member)."""
    reps: Block = {"type": "multi_users_select", "action_id": "value"}
    if member.representatives:
        reps["initial_users"] = list(member.representatives)
    return {
        "type": "modal",
        "callback_id": MEMBER_CALLBACK,
        "private_metadata": json.dumps({"member": member.id}),
        "title": {"type": "plain_text", "text": _("Register entry")[:24]},
        "submit": {"type": "plain_text", "text": _("Save")[:24]},
        "close": {"type": "plain_text", "text": _("Cancel")[:24]},
        "blocks": [
            _input("name", _("Name"), _text(member.name, NAME_LIMIT)),
            _input("patents", _("Patents in force"), _text(str(member.patents), 12)),
            _input(
                "contribution",
                _("Contribution score"),
                _text(format_rational(member.contribution), 40),
            ),
            _input("representatives", _("Representatives"), reps),
            _input("reason", _("Reason for the change"), _text(None, REASON_LIMIT, multiline=True)),
        ],
    }


@dataclass(frozen=True)
class MemberForm:
    member_id: str
    name: str
    patents: int
    contribution: Fraction
    representatives: tuple[str, ...]
    reason: str


class FormInvalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _value(values: dict[str, Any], block: str) -> str:
    entry = values.get(block, {}).get("value", {})
    return str(entry.get("value") or "").strip()


def read_member_form(private_metadata: str, values: dict[str, Any]) -> MemberForm:
    """The submitted entry, or :class:`FormInvalid` naming each bad field."""
    member_id = metadata(private_metadata, ("member",))["member"]
    if not isinstance(member_id, str):
        raise StaleForm()
    errors: dict[str, str] = {}
    name = _value(values, "name")
    if not name:
        errors["name"] = _("Give the member's name.")
    patents_text = _value(values, "patents")
    patents = 0
    if not (patents_text.isascii() and patents_text.isdigit()):
        errors["patents"] = _("Write a whole number, 0 or more.")
    else:
        patents = int(patents_text)
    contribution = Fraction(0)
    try:
        contribution = Fraction(_value(values, "contribution") or "0")
        if contribution < 0:
            errors["contribution"] = _("Write a number, 0 or more (such as 7/2 or 3.5).")
    except (ValueError, ZeroDivisionError):
        errors["contribution"] = _("Write a number, 0 or more (such as 7/2 or 3.5).")
    users = values.get("representatives", {}).get("value", {}).get("selected_users") or []
    if not users:
        errors["representatives"] = _("Name at least one representative.")
    reason = _value(values, "reason")
    if not reason:
        errors["reason"] = _("Say why the register changes.")
    if errors:
        raise FormInvalid(errors)
    return MemberForm(member_id, name, patents, contribution, tuple(users), reason)


def conflict_modal(motion_id: str, members: list[tuple[str, str]] | None) -> Block:
    """The reason for a declared conflict on ``motion_id``; with ``members`` (the operator
    recording one), a picker of the member concerned."""
    blocks: list[Block] = []
    if members:
        options = [
            {"text": {"type": "plain_text", "text": name[:75]}, "value": member_id}
            for member_id, name in members[:100]
        ]
        blocks.append(
            _input(
                "member",
                _("Member"),
                {"type": "static_select", "action_id": "value", "options": options},
            )
        )
    blocks.append(
        _input("reason", _("Conflict of interest"), _text(None, REASON_LIMIT, multiline=True))
    )
    return {
        "type": "modal",
        "callback_id": CONFLICT_CALLBACK,
        "private_metadata": json.dumps({"motion": motion_id}),
        "title": {"type": "plain_text", "text": _("Declare a conflict")[:24]},
        "submit": {"type": "plain_text", "text": _("Declare")[:24]},
        "close": {"type": "plain_text", "text": _("Cancel")[:24]},
        "blocks": blocks,
    }


def read_conflict_form(
    private_metadata: str, values: dict[str, Any]
) -> tuple[str, str | None, str]:
    """(motion id, member id the operator chose or ``None``, reason)."""
    motion_id = metadata(private_metadata, ("motion",))["motion"]
    if not isinstance(motion_id, str) or not motion_id.isdigit():
        raise StaleForm()
    chosen = values.get("member", {}).get("value", {}).get("selected_option") or {}
    member = chosen.get("value") if isinstance(chosen, dict) else None
    reason = _value(values, "reason")
    if not reason:
        raise FormInvalid({"reason": _("Say why the member has a conflict of interest.")})
    return motion_id, member, reason


def conflict_actions(motion_id: str) -> Block:
    """The button under a motion's ballot buttons: declare a conflict of interest on it."""
    return {
        "type": "actions",
        "block_id": f"conflict:{motion_id}",
        "elements": [
            {
                "type": "button",
                "action_id": DECLARE_ACTION,
                "text": {"type": "plain_text", "text": _("Declare a conflict")[:75]},
                "value": motion_id,
            }
        ],
    }
