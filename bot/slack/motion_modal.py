"""The ``/motion`` modal: one form per kind of motion (parsed in :mod:`bot.slack.motion_draft`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import timedelta
from typing import Any

from bot.i18n import N_, _, t
from bot.slack.arguments import input_limits
from bot.slack.motion_blocks import BASIS_LABELS
from bot.slack.mrkdwn import text_object
from bot.slack.wording import kind_label
from governance.charter import MotionKind
from governance.kinds import (
    PricingBasis,
)
from governance.quantities import format_duration

Block = dict[str, Any]
DRAFT_CALLBACK = "motion_draft"
PICK_CALLBACK = "motion_pick"
KIND_ACTION = "motion_kind"
CHARTER_PARTS = 4
#: English, marked for the catalog (a modal's title holds 24 characters)
MODAL_TITLES = {
    MotionKind.ADMISSION: N_("Admit a member"),
    MotionKind.WITHDRAWAL: N_("Member withdrawal"),
    MotionKind.EXPULSION: N_("Expel a member"),
    MotionKind.FEE_CHANGE: N_("Change a fee"),
    MotionKind.DISTRIBUTION_CHANGE: N_("Change distribution"),
    MotionKind.CHARTER_AMENDMENT: N_("Amend the charter"),
    MotionKind.GENERAL: N_("General resolution"),
    MotionKind.MINUTES_APPROVAL: N_("Approve minutes"),
}
INPUT_LIMIT = 3000


def _text_input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    initial: str | None = None,
    hint: str | None = None,
    max_length: int = INPUT_LIMIT,
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _date_input(block_id: str, label: str) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "datepicker", "action_id": "value"},
    }


def _member_select(block_id: str, label: str, members: Sequence[tuple[str, str]]) -> Block:
    options = [
        {"text": {"type": "plain_text", "text": name[:75]}, "value": member_id}
        for member_id, name in members[:100]
    ]
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "static_select", "action_id": "value", "options": options},
    }


def kind_picker() -> Block:
    """The first view when ``/motion`` has no kind: choosing one swaps in its form."""
    options = [
        {"text": {"type": "plain_text", "text": kind_label(kind)}, "value": kind.value}
        for kind in MotionKind
    ]
    return {
        "type": "modal",
        "callback_id": PICK_CALLBACK,
        "title": {"type": "plain_text", "text": _("New motion")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [
            {
                "type": "section",
                "block_id": "kind",
                "text": text_object(t("What kind of motion?")),
                "accessory": {
                    "type": "static_select",
                    "action_id": KIND_ACTION,
                    "options": options,
                },
            }
        ],
    }


def _kind_blocks(
    kind: MotionKind, members: Sequence[tuple[str, str]], current_fees: Mapping[str, str]
) -> list[Block]:
    if kind is MotionKind.ADMISSION:
        return [
            _text_input(
                "applicant_id",
                _("Applicant id"),
                hint=_("1-32 of a-z, 0-9 and -"),
                max_length=32,
            ),
            _text_input("applicant_name", _("Applicant name"), max_length=200),
            _text_input("patents", _("Pooled patents in force"), max_length=9),
            _text_input("contribution", _("Contribution score"), optional=True, max_length=32),
            {
                "type": "input",
                "block_id": "representatives",
                "label": {"type": "plain_text", "text": _("Representatives")},
                "element": {"type": "multi_users_select", "action_id": "value"},
            },
        ]
    if kind in (MotionKind.WITHDRAWAL, MotionKind.EXPULSION):
        grounds = _("Grounds") if kind is MotionKind.EXPULSION else _("Reason")
        return [
            _member_select("member", _("Member"), members),
            _text_input("reason", grounds, multiline=True, optional=kind is MotionKind.WITHDRAWAL),
        ]
    if kind is MotionKind.FEE_CHANGE:
        current = _("; ").join(f"{k}: {v}" for k, v in current_fees.items()) or None
        basis = [
            _text_input(f"basis.{item.name}", _(BASIS_LABELS[item.name]), multiline=True)
            for item in fields(PricingBasis)
        ]
        return [
            _text_input("product_category", _("Product category"), max_length=200),
            _text_input(
                "current_royalty", _("Current royalty"), optional=True, hint=current, max_length=200
            ),
            # fee_schedule.royalty is 200 characters
            _text_input("proposed_royalty", _("Proposed royalty"), max_length=200),
            _date_input("effective_date", _("Effective date")),
            *basis,
        ]
    if kind is MotionKind.DISTRIBUTION_CHANGE:
        return [
            _text_input("current_rule", _("Current rule"), multiline=True, optional=True),
            _text_input("proposed_rule", _("Proposed rule"), multiline=True),
            _date_input("effective_date", _("Effective date")),
        ]
    if kind is MotionKind.CHARTER_AMENDMENT:
        parts = [
            _text_input(
                f"charter_text.{i}",
                _("New charter (part {part})").format(part=i + 1),
                multiline=True,
                optional=i > 0,
                hint=_("The whole YAML rules; long texts continue in the next part.")
                if i == 0
                else None,
            )
            for i in range(CHARTER_PARTS)
        ]
        return [_text_input("summary", _("Summary of the change"), max_length=500), *parts]
    if kind is MotionKind.MINUTES_APPROVAL:
        return [
            _text_input(
                "occurrence_key",
                _("Minutes of the meeting"),
                max_length=160,
                hint=_("The meeting's key, e.g. assembly@2027-01-04T10:00 (`/meeting minutes`)"),
            )
        ]
    return []


def draft_modal(
    kind: MotionKind,
    voting_period: timedelta,
    members: Sequence[tuple[str, str]],
    current_fees: Mapping[str, str] | None = None,
) -> Block:
    """The form for ``kind``; the voting period defaults from the charter."""
    blocks = [
        _text_input("title", _("Title"), max_length=150),
        _text_input(
            "text", _("Motion text"), multiline=True, optional=kind is not MotionKind.GENERAL
        ),
        *_kind_blocks(kind, members, current_fees or {}),
        _text_input(
            "voting_period",
            _("Voting period"),
            initial=format_duration(voting_period),
            hint=_("e.g. 7d, 48h, 2w (the charter's default is shown)"),
            max_length=16,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": DRAFT_CALLBACK,
        "private_metadata": json.dumps({"kind": kind.value}),
        "title": {"type": "plain_text", "text": _(MODAL_TITLES[kind])},
        "submit": {"type": "plain_text", "text": _("Open the vote")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": blocks,
    }


def field_limits(kind: MotionKind) -> dict[str, int]:
    """Each text field's ``max_length`` in ``kind``'s form, by block id.

    Slack holds a person to them as they type; a submission made by other means is held to them
    when it is read (:func:`bot.slack.motion_draft.parse_draft`), since storage has the same
    limits or smaller.
    """
    return input_limits(draft_modal(kind, timedelta(days=7), []))
