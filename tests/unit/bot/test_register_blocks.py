"""The register form, the conflict form, and the announcement of a register change."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.register_posts import SHOWN, announcement
from bot.slack.arguments import StaleForm
from bot.slack.register_modal import (
    FormInvalid,
    conflict_actions,
    conflict_modal,
    member_modal,
    read_conflict_form,
    read_member_form,
)
from governance.charter import Member
from governance.events import MemberUpdated

ACME = Member("acme", "Acme Corp", 40, Fraction(7, 2), ("U0ACME1", "U0ACME2"))


def form(**values: object) -> dict[str, object]:
    shaped: dict[str, object] = {
        "name": {"value": {"type": "plain_text_input", "value": "Acme Corp"}},
        "patents": {"value": {"type": "plain_text_input", "value": "60"}},
        "contribution": {"value": {"type": "plain_text_input", "value": "7/2"}},
        "representatives": {"value": {"type": "multi_users_select", "selected_users": ["U0ACME1"]}},
        "reason": {"value": {"type": "plain_text_input", "value": "annual count"}},
    }
    for block, value in values.items():
        shaped[block] = {"value": {"type": "plain_text_input", "value": value}}
    return shaped


def test_the_member_form_is_a_valid_modal_showing_the_entry() -> None:
    view = member_modal(ACME)
    View(**view).validate_json()
    reps = next(b for b in view["blocks"] if b["block_id"] == "representatives")
    assert reps["element"]["initial_users"] == ["U0ACME1", "U0ACME2"]
    assert json.loads(view["private_metadata"]) == {"member": "acme"}


def test_a_submitted_entry_is_read_exactly() -> None:
    read = read_member_form(json.dumps({"member": "acme"}), form())
    assert (read.patents, read.contribution, read.representatives) == (
        60,
        Fraction(7, 2),
        ("U0ACME1",),
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"patents": "-1"}, "patents"),
        ({"patents": "²"}, "patents"),
        ({"contribution": "-1/2"}, "contribution"),
        ({"contribution": "lots"}, "contribution"),
        ({"name": " "}, "name"),
        ({"reason": ""}, "reason"),
    ],
)
def test_a_bad_entry_names_its_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(FormInvalid) as refused:
        read_member_form(json.dumps({"member": "acme"}), form(**values))
    assert set(refused.value.errors) == {field}


def test_a_form_poolgov_did_not_make_is_stale() -> None:
    with pytest.raises(StaleForm):
        read_member_form(json.dumps({"member": 3}), form())


def test_the_conflict_form_and_button_are_valid_and_read_back() -> None:
    View(**conflict_modal("12", [("acme", "Acme Corp")])).validate_json()
    View(**conflict_modal("12", None)).validate_json()
    for block in Block.parse_all([conflict_actions("12")]):
        block.validate_json()
    reason = {"reason": {"value": {"type": "plain_text_input", "value": "licensee affiliate"}}}
    assert read_conflict_form(json.dumps({"motion": "12"}), reason) == (
        "12",
        None,
        "licensee affiliate",
    )
    with pytest.raises(FormInvalid):
        read_conflict_form(json.dumps({"motion": "12"}), {})


def changed(member: str, n: int) -> MemberUpdated:
    diff = {"patents": (str(n), str(n + 1)), "representatives": ("U0A1", "U0A1, U0B2")}
    return MemberUpdated(member, "U0OPS1", ("patents",), diff, "count <!here>", n, "A & B")


def test_the_announcement_says_old_and_new_and_escapes_what_people_typed() -> None:
    text, blocks = announcement([changed("acme", 10)])
    shown = json.dumps(blocks)
    assert text == "The register changed"
    assert "patents in force 10 \\u2192 11" in shown
    assert "<@U0A1>, <@U0B2>" in shown  # mentions built from the ids
    assert "&lt;!here&gt;" in shown
    assert "A &amp; B" in shown
    for block in Block.parse_all(blocks):
        block.validate_json()


def test_a_large_import_is_announced_within_one_message() -> None:
    _, blocks = announcement([changed(f"m{i}", i) for i in range(1, 1001)])
    shown = json.dumps(blocks)
    assert f"and {1000 - SHOWN} more members" in shown
    assert len(blocks) <= 50
